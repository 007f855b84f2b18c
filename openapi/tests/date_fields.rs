//! The one date range holds for every date a wire type reads: each `NaiveDate` or
//! `DateTime<Utc>` field of an input type (one that derives `Deserialize` and refuses unknown
//! fields, as every body and query of the contract does) must be read through
//! `crate::dates` (which refuses a date outside 1900-01-01…2199-12-31 with the field's name).
//! A new field that forgets it fails here, before any door can store a date a database cannot.

#![allow(clippy::unwrap_used)]

use std::path::Path;

/// `(file, line, field)` of each date field read without the range.
fn unchecked(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            unchecked(&path, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut derives_deserialize = false;
        let mut input = false;
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim();
            if t.starts_with("#[derive(") {
                derives_deserialize = t.contains("Deserialize");
                input = false;
            }
            if t.contains("deny_unknown_fields") {
                input = derives_deserialize;
            }
            let is_date_field = t.starts_with("pub ")
                && t.ends_with(',')
                && (t.contains("NaiveDate") || t.contains("DateTime<Utc>"))
                && !t.contains("fn ");
            if !is_date_field || !input {
                continue;
            }
            // The attributes and docs above the field.
            let mut attributes = String::new();
            for above in lines[..i].iter().rev() {
                let a = above.trim();
                if a.starts_with("pub ") || a.ends_with('{') || a.is_empty() {
                    break;
                }
                attributes.push_str(a);
            }
            if !attributes.contains("dates::") {
                found.push(format!("{}:{}: {t}", path.display(), i + 1));
            }
        }
    }
}

#[test]
fn every_date_a_wire_type_reads_is_held_to_the_range() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    unchecked(&src, &mut found);
    assert!(
        found.is_empty(),
        "read these through crate::dates (or derive only Serialize):\n{}",
        found.join("\n")
    );
}
