//! The served OpenAPI document: the base document from `askel-openapi`, the paths collected
//! from the routes, and the conventions every operation shares, added here once: the bearer
//! requirement and the problem responses.

use utoipa::OpenApi;
use utoipa::openapi::path::Operation;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{ContentBuilder, Ref, RefOr};

use askel_openapi::document::{BEARER, BaseDoc};

/// Operations every authenticated caller can reach: they answer 403 only through the policy.
fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build();
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content("application/problem+json", content)
            .build(),
    )
}

fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| problem(description));
}

/// The exact shape of the shared request headers and the paging cursor, whatever each route
/// wrote.
fn shape_headers(op: &mut Operation) {
    for parameter in op.parameters.iter_mut().flatten() {
        let RefOr::T(parameter) = parameter else {
            continue;
        };
        if parameter.name == "cursor" {
            // A page's `next_cursor` is null on the last page: the parameter it is passed to
            // takes null (left out of the query) so a generated client types both alike.
            parameter.schema = Some(RefOr::T(
                ObjectBuilder::new()
                    .schema_type(SchemaType::Array(vec![Type::String, Type::Null]))
                    .into(),
            ));
            parameter.description = Some(
                "The `next_cursor` of the previous page; left out or `null` for the first page."
                    .to_owned(),
            );
            continue;
        }
        let (min, max, pattern) = match parameter.name.as_str() {
            "Idempotency-Key" => (1, 200, r"^[!-~]+$"),
            "If-Match" => (1, 20, r#"^(\*|(W/)?"[0-9]+")$"#),
            _ => continue,
        };
        parameter.schema = Some(RefOr::T(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(min))
                .max_length(Some(max))
                .pattern(Some(pattern))
                .into(),
        ));
    }
}

/// A nullable field of a named type is `oneOf: [$ref, null]`, and utoipa puts its description
/// beside the `$ref`, where generators do not look: it is given to the `oneOf` itself.
fn lift_descriptions(doc: &mut utoipa::openapi::OpenApi) {
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::Object(object)) = schema else {
            continue;
        };
        for property in object.properties.values_mut() {
            let RefOr::T(Schema::OneOf(one_of)) = property else {
                continue;
            };
            if one_of.description.is_some() {
                continue;
            }
            one_of.description = one_of.items.iter().find_map(|item| match item {
                RefOr::Ref(r) if !r.description.is_empty() => Some(r.description.clone()),
                _ => None,
            });
        }
    }
}

/// Adds the shared conventions to every operation.
fn finish(mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    for (path, item) in &mut doc.paths.paths {
        let v1 = path.starts_with("/v1/");
        let public = path == "/v1/auth/token";
        let has_id = path.contains('{');
        for op in [
            &mut item.get,
            &mut item.post,
            &mut item.put,
            &mut item.patch,
            &mut item.delete,
        ]
        .into_iter()
        .flatten()
        {
            shape_headers(op);
            let has_body = op.request_body.is_some();
            let has_query = op.parameters.iter().flatten().any(|p| {
                matches!(p, RefOr::T(p) if matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query))
            });
            if v1 && !public {
                op.security = Some(vec![SecurityRequirement::new(BEARER, Vec::<String>::new())]);
                add(
                    op,
                    "401",
                    "No valid bearer token: missing, malformed, expired, for another audience or badly signed.",
                );
                add(op, "403", "Your roles do not permit this.");
            }
            if public {
                add(op, "401", "Unknown client or wrong secret.");
            }
            if !v1 || public {
                // Open to anyone: an empty requirement says so.
                op.security = Some(vec![SecurityRequirement::default()]);
            }
            if v1 {
                add(
                    op,
                    "400",
                    "Malformed request: bad JSON, a wrong type, an unknown field or a bad query parameter.",
                );
                add(
                    op,
                    "500",
                    "Internal error; logged, never detailed in the response.",
                );
            }
            if has_id {
                add(op, "404", "No such object, or one you may not see.");
            }
            if has_query && !has_body {
                add(
                    op,
                    "422",
                    "A query parameter breaks a rule (a limit out of range, a cursor not issued here, a period that ends before it starts, or for protected figures a period that is not a whole calendar month, quarter or year); `errors` names each.",
                );
            }
            if has_body {
                add(
                    op,
                    "413",
                    "The body is larger than the operation accepts: 64 KiB for one object, 8 MiB for a batch import.",
                );
                add(op, "415", "The body is not JSON.");
                add(
                    op,
                    "422",
                    "The input breaks a rule; `errors` lists every failing field.",
                );
            }
            if v1 {
                add(
                    op,
                    "429",
                    "Over the client's rate limit (by API client; for the token endpoint by address); `Retry-After` says when to retry.",
                );
            }
            add(
                op,
                "503",
                "The server is starting (migrating the database or loading the demo data), or the database cannot be reached just now; retry shortly.",
            );
        }
    }
    doc
}

/// The document as served at `/openapi.json`, given the paths collected from the routes.
pub fn complete(collected: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut doc = BaseDoc::openapi();
    doc.merge(collected);
    // The contract's version is the server's: a generated client names what it was made from.
    doc.info.version = env!("CARGO_PKG_VERSION").to_owned();
    lift_descriptions(&mut doc);
    finish(doc)
}
