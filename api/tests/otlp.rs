//! Trace export over OTLP/HTTP, against a receiver on loopback: the server (the real binary, as
//! an operator runs it) continues the caller's `traceparent`, names the span by its route
//! template, carries the configured service name, and exports neither the path's ids nor
//! anything else the caller wrote.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use prost::Message;

const SECRET: &str = "otlp-test-secret-of-at-least-32-bytes!!";

/// A minimal OTLP/HTTP receiver: each POSTed body, answered 200.
fn receiver() -> (u16, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Ok(read) = stream.try_clone() else {
                continue;
            };
            let mut reader = BufReader::new(read);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let lower = line.to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
                if line == "\r\n" {
                    let mut body = vec![0; length];
                    if reader.read_exact(&mut body).is_err() {
                        break;
                    }
                    let _ = tx.send(body);
                    let _ = stream.write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\ncontent-length: 0\r\n\r\n",
                    );
                    length = 0;
                }
            }
        }
    });
    (port, rx)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn askel() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_askel"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("ASKEL_JWT_SECRET", SECRET);
    c
}

#[test]
fn a_request_is_exported_as_a_child_of_the_callers_trace_without_its_path() {
    let (otlp_port, bodies) = receiver();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let _server = Server(
        askel()
            .arg("serve")
            .env("ASKEL_BIND", format!("127.0.0.1:{port}"))
            .env(
                "ASKEL_DATABASE_URL",
                format!("sqlite://{}?mode=rwc", dir.path().join("a.db").display()),
            )
            .env(
                "ASKEL_OTLP_ENDPOINT",
                format!("http://127.0.0.1:{otlp_port}/v1/traces"),
            )
            .env("ASKEL_OTLP_SERVICE_NAME", "askel-otlp-test")
            .env("OTEL_BSP_SCHEDULE_DELAY", "100")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let org = uuid::Uuid::now_v7();
    let token = String::from_utf8(
        askel()
            .args(["token", "--roles", "worker", "--org", &org.to_string()])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    askel_api::install_tls_provider();
    let client = reqwest::blocking::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    // Ready, not only live: the port answers 503 while the server migrates.
    while !client
        .get(format!("{base}/health/ready"))
        .send()
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server started"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    let parent = "00f067aa0ba902b7";
    let participant = uuid::Uuid::now_v7().to_string();
    let r = client
        .get(format!("{base}/v1/participants/{participant}?q=Virtanen"))
        .bearer_auth(token.trim())
        .header("traceparent", format!("00-{trace_id}-{parent}-01"))
        .send()
        .unwrap();
    assert_eq!(r.status(), 400, "an unknown query parameter is refused");

    let deadline = Instant::now() + Duration::from_secs(20);
    let mut exported = Vec::new();
    let (service, span) = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let body = bodies
            .recv_timeout(left)
            .expect("the request's span was exported");
        exported.extend_from_slice(&body);
        let request = ExportTraceServiceRequest::decode(body.as_slice()).unwrap();
        let found = request.resource_spans.iter().find_map(|rs| {
            let service = rs.resource.as_ref().and_then(|r| {
                r.attributes
                    .iter()
                    .find(|a| a.key == "service.name")
                    .and_then(|a| a.value.as_ref()?.value.clone())
            });
            rs.scope_spans
                .iter()
                .flat_map(|s| &s.spans)
                .find(|s| hex(&s.trace_id) == trace_id && s.name.starts_with("GET "))
                .map(|s| (service, s.clone()))
        });
        if let Some(found) = found {
            break found;
        }
    };
    assert_eq!(
        service,
        Some(Value::StringValue("askel-otlp-test".into())),
        "the configured service name"
    );
    assert_eq!(
        hex(&span.parent_span_id),
        parent,
        "a child of the caller's span"
    );
    assert_eq!(span.name, "GET /v1/participants/{id}");
    let text = String::from_utf8_lossy(&exported);
    for private in [participant.as_str(), "Virtanen", "127.0.0.1"] {
        assert!(!text.contains(private), "{private} was exported");
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
