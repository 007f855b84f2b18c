//! Which methods each documented path takes, so a request with another method on a path that
//! exists answers 405 with `Allow` instead of 404.

use utoipa::openapi::OpenApi;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Parameter,
}

/// The documented paths and their methods.
#[derive(Debug, Clone, Default)]
pub struct AllowedMethods {
    paths: Vec<(Vec<Segment>, String)>,
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .trim_matches('/')
        .split('/')
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                Segment::Parameter
            } else {
                Segment::Literal(s.to_owned())
            }
        })
        .collect()
}

impl AllowedMethods {
    /// From the served document.
    pub fn from_document(doc: &OpenApi) -> Self {
        let paths = doc
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods: Vec<&str> = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, present)| present.then_some(m))
                .collect();
                (segments(template), methods.join(", "))
            })
            .collect();
        Self { paths }
    }

    /// The `Allow` value for `path` when it is a documented path; literal segments win over
    /// parameters (`/v1/participants/batch` is not `/v1/participants/{id}`).
    pub fn for_path(&self, path: &str) -> Option<&str> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        self.paths
            .iter()
            .filter(|(template, _)| {
                template.len() == parts.len()
                    && template.iter().zip(&parts).all(|(t, p)| match t {
                        Segment::Literal(l) => l == p,
                        Segment::Parameter => !p.is_empty(),
                    })
            })
            .max_by_key(|(template, _)| {
                template
                    .iter()
                    .filter(|s| matches!(s, Segment::Literal(_)))
                    .count()
            })
            .map(|(_, allow)| allow.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> AllowedMethods {
        AllowedMethods {
            paths: vec![
                (segments("/v1/participants/{id}"), "GET, PATCH".into()),
                (segments("/v1/participants/{id}/steps"), "GET, POST".into()),
                (segments("/health/live"), "GET".into()),
            ],
        }
    }

    #[test]
    fn a_documented_path_names_its_methods() {
        let a = allowed();
        assert_eq!(a.for_path("/health/live"), Some("GET"));
        assert_eq!(a.for_path("/v1/participants/abc"), Some("GET, PATCH"));
        assert_eq!(a.for_path("/v1/participants/abc/steps"), Some("GET, POST"));
    }

    #[test]
    fn other_paths_are_not_found() {
        let a = allowed();
        assert_eq!(a.for_path("/v1/participants"), None);
        assert_eq!(a.for_path("/v1/participants//steps"), None);
        assert_eq!(a.for_path("/v1/participants/abc/goals"), None);
        assert_eq!(a.for_path("/health"), None);
    }
}
