//! Where a delivery may go. A subscription's URL is `https://` (plain `http://` only to
//! loopback, when configured for development) and may not reach private, loopback or
//! link-local addresses unless configured: checked when the URL is set, and again at every
//! delivery by the resolver the client connects through, so a name that later resolves to an
//! internal address (DNS rebinding) is refused too.

use std::net::{IpAddr, SocketAddr};

use askel_domain::webhook::{is_loopback, is_public};
use reqwest::Url;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::WebhookSettings;

/// The rules for addresses, from the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressPolicy {
    allow_private: bool,
    allow_loopback: bool,
    allow_http_loopback: bool,
}

impl AddressPolicy {
    /// The policy the settings give.
    pub fn of(s: &WebhookSettings) -> Self {
        Self {
            allow_private: s.allow_private,
            allow_loopback: s.allow_private || s.allow_http_loopback,
            allow_http_loopback: s.allow_http_loopback,
        }
    }

    /// Whether a delivery may connect to `ip`.
    pub fn allows(self, ip: IpAddr) -> bool {
        is_public(ip) || self.allow_private || (self.allow_loopback && is_loopback(ip))
    }

    /// The URL, if it is one a subscription may have; else why not (without repeating it).
    pub fn check(self, text: &str) -> Result<Url, &'static str> {
        let url = Url::parse(text).map_err(|_| "is not an absolute URL")?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err("may not carry a user name or password");
        }
        let host = url.host_str().ok_or("has no host")?;
        let literal: Option<IpAddr> = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse()
            .ok();
        let loopback_host = literal.is_some_and(is_loopback) || host == "localhost";
        match url.scheme() {
            "https" => {}
            "http" if self.allow_http_loopback && loopback_host => {}
            "http" => {
                return Err(
                    "must be https (plain http only to 127.0.0.1 or localhost, with ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK=true, as serve --demo sets)",
                );
            }
            _ => return Err("must be an https URL"),
        }
        if let Some(ip) = literal
            && !self.allows(ip)
        {
            return Err(
                "points to a private, loopback or link-local address (allowed with ASKEL_WEBHOOK_ALLOW_PRIVATE=true; loopback with ASKEL_WEBHOOK_ALLOW_HTTP_LOOPBACK=true)",
            );
        }
        Ok(url)
    }

    /// The addresses `url` resolves to that a delivery may use; an error when there are none.
    pub async fn resolve(self, url: &Url) -> Result<Vec<SocketAddr>, &'static str> {
        let host = url.host_str().ok_or("has no host")?;
        let port = url.port_or_known_default().unwrap_or(443);
        let found: Vec<SocketAddr> = tokio::net::lookup_host((host.trim_matches(['[', ']']), port))
            .await
            .map_err(|_| "has a host name that does not resolve")?
            .collect();
        let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| self.allows(a.ip())).collect();
        if allowed.is_empty() {
            return Err("resolves only to private, loopback or link-local addresses");
        }
        Ok(allowed)
    }
}

/// The resolver deliveries connect through: only addresses the policy allows.
#[derive(Debug, Clone, Copy)]
pub struct CheckedResolver(pub AddressPolicy);

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.0;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found = tokio::net::lookup_host((host.as_str(), 0)).await?;
            let allowed: Vec<SocketAddr> = found.filter(|a| policy.allows(a.ip())).collect();
            if allowed.is_empty() {
                return Err("the host resolves only to addresses deliveries may not use".into());
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(allow_private: bool, allow_http_loopback: bool) -> AddressPolicy {
        AddressPolicy::of(&WebhookSettings {
            allow_private,
            allow_http_loopback,
            ..WebhookSettings::default()
        })
    }

    #[test]
    fn only_https_to_public_addresses_by_default() {
        let p = policy(false, false);
        assert!(p.check("https://hooks.example.fi/askel").is_ok());
        for refused in [
            "http://hooks.example.fi/askel",
            "ftp://hooks.example.fi/",
            "https://10.0.0.5/hook",
            "https://192.168.1.1/hook",
            "https://169.254.169.254/latest/meta-data",
            "https://127.0.0.1:9000/hook",
            "https://[::1]/hook",
            "https://[fd00::1]/hook",
            "https://[::127.0.0.1]/hook",
            "https://[64:ff9b::7f00:1]/hook",
            "https://[64:ff9b:1::a00:1]/hook",
            "https://[2002:7f00:1::]/hook",
            "https://[::ffff:0:7f00:1]/hook",
            "https://[fec0::1]/hook",
            "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",
            "https://user:pw@hooks.example.fi/",
            "not a url",
        ] {
            assert!(p.check(refused).is_err(), "{refused}");
        }
    }

    #[test]
    fn development_allows_plain_http_to_loopback_only() {
        let p = policy(false, true);
        assert!(p.check("http://127.0.0.1:9000/hook").is_ok());
        assert!(p.check("http://localhost:9000/hook").is_ok());
        assert!(p.check("http://10.0.0.5/hook").is_err());
        assert!(p.check("https://10.0.0.5/hook").is_err());
        let private = policy(true, false);
        assert!(private.check("https://10.0.0.5/hook").is_ok());
        assert!(private.check("http://10.0.0.5/hook").is_err());
    }

    #[tokio::test]
    async fn a_name_is_refused_when_it_resolves_only_to_refused_addresses() {
        let p = policy(false, false);
        let url = Url::parse("https://localhost:9/hook").unwrap();
        assert!(p.resolve(&url).await.is_err());
        let resolver = CheckedResolver(p);
        let name: Name = "localhost".parse().unwrap();
        assert!(resolver.resolve(name).await.is_err());
    }
}
