//! The application services speak the domain's language: no file under `api/src/services`
//! names the wire crate (issue 27: commands came in as wire types and reports went out as
//! them, so every new door — FHIR, the batch import — had to borrow `/v1`'s shapes). Routes
//! convert wire input into domain commands and map what a service returns to the wire.
#![allow(clippy::unwrap_used)]

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_service_names_the_wire_crate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/services");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(files.len() > 10, "the services were found");
    let naming: Vec<_> = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .contains("askel_openapi")
        })
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(
        naming.is_empty(),
        "services naming askel_openapi: {naming:?}"
    );
}
