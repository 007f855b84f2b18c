//! Tokens from a partner's OpenID provider pass the same checks as Askel's own, against a
//! provider on loopback (discovery and JWKS served here, an Ed25519 key): the second
//! penetration test had `nbf` a day ahead, `iat` a year ahead, a lifetime to 2200 and an
//! unknown critical header all accepted; and one user's token naming an unknown key held every
//! other user of that provider while the provider was slow to answer.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, web};
use askel_tests::TestApp;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

const PRIVATE: &str = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIOmGlhWXA8oQCNXtMCh+ZHfPu+mrS5KCxrYkGNlVcSA4\n-----END PRIVATE KEY-----\n";
const PUBLIC_DER: &str = "MCowBQYDK2VwAyEAb36hW3Zn0TnDov41mQCVNNVaczRZAkaEg14hP9Lmgag=";
const ORG: &str = "01941f29-7c02-7502-8000-0000000000aa";

/// A provider on a free loopback port; its JWKS answers slowly while `slow` is set.
struct Provider {
    issuer: String,
    slow: Arc<AtomicBool>,
}

fn start_provider() -> Provider {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let slow = Arc::new(AtomicBool::new(false));
    let der = STANDARD.decode(PUBLIC_DER).unwrap();
    let x = URL_SAFE_NO_PAD.encode(&der[der.len() - 32..]);
    let jwks = json!({"keys": [{"kty": "OKP", "crv": "Ed25519", "x": x, "kid": "k1", "alg": "EdDSA", "use": "sig"}]});
    let discovery = json!({"issuer": issuer, "jwks_uri": format!("{issuer}/jwks")});
    let delay = slow.clone();
    let server = HttpServer::new(move || {
        let (jwks, discovery, delay) = (jwks.clone(), discovery.clone(), delay.clone());
        App::new()
            .route(
                "/.well-known/openid-configuration",
                web::get().to(move || {
                    let d = discovery.clone();
                    async move { HttpResponse::Ok().json(d) }
                }),
            )
            .route(
                "/jwks",
                web::get().to(move || {
                    let (k, slow) = (jwks.clone(), delay.load(Ordering::SeqCst));
                    async move {
                        if slow {
                            tokio::time::sleep(Duration::from_millis(2_500)).await;
                        }
                        HttpResponse::Ok().json(k)
                    }
                }),
            )
    })
    .workers(2)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    Provider { issuer, slow }
}

fn token(p: &Provider, kid: &str, times: Value, crit: bool) -> String {
    let now = jsonwebtoken::get_current_timestamp();
    let mut claims = json!({"sub": "partner-user", "iss": p.issuer, "aud": "askel-api",
                            "groups": ["askel-workers"], "iat": now, "exp": now + 600});
    for (k, v) in times.as_object().unwrap() {
        claims[k] = json!(now.cast_signed() + v.as_i64().unwrap());
    }
    let mut header = Header::new(Algorithm::EdDSA);
    header.kid = Some(kid.to_owned());
    if crit {
        header.crit = Some(vec!["x-unknown".to_owned()]);
    }
    let key = EncodingKey::from_ed_pem(PRIVATE.as_bytes()).unwrap();
    jsonwebtoken::encode(&header, &claims, &key).unwrap()
}

async fn app_trusting(p: &Provider) -> TestApp {
    let issuers = format!(
        "{}|org={ORG}|audience=askel-api|claim=groups|map=askel-workers:worker",
        p.issuer
    );
    let overrides: &'static [(&'static str, &'static str)] = Box::leak(Box::new([
        ("ASKEL_OIDC_ISSUERS", &*Box::leak(issuers.into_boxed_str())),
        ("ASKEL_OIDC_ALLOW_HTTP_LOOPBACK", "true"),
        ("ASKEL_OIDC_REFRESH_MIN_SECONDS", "0"),
    ]));
    TestApp::sqlite_with(overrides).await
}

async fn status(app: &TestApp, token: &str) -> u16 {
    app.with_token(token)
        .get("/v1/events")
        .await
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provider_tokens_pass_the_same_time_and_header_checks_as_askels_own() {
    let p = start_provider();
    let app = app_trusting(&p).await;
    assert_eq!(status(&app, &token(&p, "k1", json!({}), false)).await, 200);
    let day = 86_400;
    let to_2200 = 7_258_118_400_i64 - jsonwebtoken::get_current_timestamp().cast_signed();
    for (what, times, crit) in [
        ("nbf a day ahead", json!({"nbf": day}), false),
        (
            "iat a year ahead",
            json!({"iat": 365 * day, "exp": 365 * day + 600}),
            false,
        ),
        (
            "iat and exp in 2200",
            json!({"iat": to_2200, "exp": to_2200 + 600}),
            false,
        ),
        ("a lifetime of two days", json!({"exp": 2 * day}), false),
        ("an unknown critical header", json!({}), true),
    ] {
        assert_eq!(
            status(&app, &token(&p, "k1", times, crit)).await,
            401,
            "{what}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_key_refetch_holds_only_the_token_that_asked_for_it() {
    let p = start_provider();
    let app = app_trusting(&p).await;
    let good = token(&p, "k1", json!({}), false);
    assert_eq!(
        status(&app, &good).await,
        200,
        "the keys are fetched and kept"
    );
    p.slow.store(true, Ordering::SeqCst);
    let unknown = token(&p, "rotated-away", json!({}), false);
    let waiting = {
        let (base, http) = (app.base.clone(), app.http.clone());
        tokio::spawn(async move {
            http.get(format!("{base}/v1/events"))
                .bearer_auth(unknown)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(status(&app, &good).await, 200);
    assert!(
        !waiting.is_finished(),
        "the known key was served while the refetch for the unknown one was still waiting"
    );
    assert_eq!(waiting.await.unwrap(), 401);
}
