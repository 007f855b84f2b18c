//! The client's address for the limits: the peer's, or behind a trusted reverse proxy the
//! address the proxy reports in `X-Forwarded-For`. Only proxies named in configuration are
//! believed (anyone can send the header); the address taken is the rightmost one that is not
//! itself a trusted proxy, since a client can put anything to the left.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpAddr>);

impl TrustedProxies {
    /// From a comma-separated list of IP addresses (`ASKEL_TRUSTED_PROXIES`).
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                a.parse::<IpAddr>()
                    .map_err(|_| format!("{a:?} is not an IP address"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.contains(&ip)
    }

    /// The client address of a connection from `peer` that carried `forwarded_for`.
    pub fn client(&self, peer: Option<IpAddr>, forwarded_for: &[&str]) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let mut hops = forwarded_for
            .iter()
            .flat_map(|h| h.split(','))
            .map(str::trim)
            .rev();
        for hop in hops.by_ref() {
            match hop.parse::<IpAddr>() {
                Ok(ip) if self.trusts(ip) => {}
                Ok(ip) => return Some(ip),
                // Whatever a proxy wrote that is no address: stop believing the chain there.
                Err(_) => return Some(peer),
            }
        }
        Some(peer)
    }

    /// The client address of `req`, as a key for the limits.
    pub fn of(&self, req: &HttpRequest) -> String {
        let forwarded: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .collect();
        self.client(req.peer_addr().map(|a| a.ip()), &forwarded)
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    }

    /// Where links in answers start (scheme, host and any path prefix, no trailing `/`): the
    /// configured public URL (`ASKEL_PUBLIC_URL`); else, from a trusted proxy, what it forwards
    /// (`Forwarded`, `X-Forwarded-Proto`, `X-Forwarded-Host`); else the `Host` the client
    /// connected to. Forwarding headers from anyone else are never believed.
    pub fn origin(&self, req: &HttpRequest, configured: Option<&str>) -> String {
        if let Some(url) = configured {
            return url.trim_end_matches('/').to_owned();
        }
        if req.peer_addr().is_some_and(|a| self.trusts(a.ip())) {
            let info = req.connection_info();
            return format!("{}://{}", info.scheme(), info.host());
        }
        let scheme = if req.app_config().secure() {
            "https"
        } else {
            "http"
        };
        let host = req
            .headers()
            .get(actix_web::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty())
            .map_or_else(|| req.app_config().host().to_owned(), str::to_owned);
        format!("{scheme}://{host}")
    }
}

/// Parses `ASKEL_PUBLIC_URL`: an absolute `http(s)` URL without query or fragment.
pub fn parse_public_url(text: &str) -> Result<Option<String>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let url = reqwest::Url::parse(text).map_err(|_| "is not an absolute URL".to_owned())?;
    if !matches!(url.scheme(), "http" | "https")
        || url.host_str().is_none()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err("must be an http(s) URL with no query or fragment".into());
    }
    Ok(Some(url.as_str().trim_end_matches('/').to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_public_url_is_an_http_origin_with_an_optional_path() {
        assert_eq!(
            parse_public_url("https://askel.example.fi/")
                .unwrap()
                .as_deref(),
            Some("https://askel.example.fi")
        );
        assert_eq!(
            parse_public_url("https://api.example.fi/askel")
                .unwrap()
                .as_deref(),
            Some("https://api.example.fi/askel")
        );
        assert_eq!(parse_public_url("").unwrap(), None);
        for bad in [
            "askel.example.fi",
            "ftp://x.fi",
            "https://x.fi/?a=1",
            "https://x.fi/#f",
        ] {
            assert!(parse_public_url(bad).is_err(), "{bad}");
        }
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(Some(ip("127.0.0.9")), &["10.1.1.1"]),
            Some(ip("127.0.0.9"))
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("127.0.0.1, ::1,127.0.0.2").unwrap();
        assert_eq!(
            proxies.client(
                Some(ip("127.0.0.1")),
                &["203.0.113.7, 198.51.100.4", "127.0.0.2"]
            ),
            Some(ip("198.51.100.4")),
            "what the client itself wrote on the left is not believed"
        );
        assert_eq!(
            proxies.client(Some(ip("127.0.0.1")), &[]),
            Some(ip("127.0.0.1")),
            "no header: the proxy itself"
        );
        assert_eq!(
            proxies.client(Some(ip("127.0.0.1")), &["garbage"]),
            Some(ip("127.0.0.1"))
        );
        assert_eq!(
            proxies.client(Some(ip("127.0.0.5")), &["198.51.100.4"]),
            Some(ip("127.0.0.5")),
            "an untrusted peer's header is ignored"
        );
    }

    #[test]
    fn a_bad_list_is_a_configuration_error() {
        assert!(TrustedProxies::parse("127.0.0.1,proxy.example").is_err());
        assert_eq!(
            TrustedProxies::parse("").unwrap(),
            TrustedProxies::default()
        );
    }
}
