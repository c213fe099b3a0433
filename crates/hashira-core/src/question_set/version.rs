//! How a question set's version is written for a reader — the one rule the app, the PDF, the
//! CLI's text and the history share, so "v1.6.1" on the dashboard is "v1.6.1" in the signed
//! report and never "vv1.6.1" (a set may declare `v3.1.0` itself) or "vsha256:…" (a lens
//! without `_version` is versioned by its content hash).

/// `v` before a version that starts with a digit (`1.6.1` → `v1.6.1`, `2020.03` → `v2020.03`);
/// any other version as the set declares it (`v3.1.0`, `V2`, `sha256:0123456789ab`, `draft`).
pub fn version_label(version: &str) -> String {
    let version = version.trim();
    if version.starts_with(|c: char| c.is_ascii_digit()) {
        format!("v{version}")
    } else {
        version.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::version_label;

    #[test]
    fn a_number_gets_a_v_and_anything_else_is_shown_as_declared() {
        assert_eq!(version_label("1.6.1"), "v1.6.1");
        assert_eq!(version_label("2020.03"), "v2020.03");
        assert_eq!(version_label("v3.1.0"), "v3.1.0");
        assert_eq!(version_label("V2"), "V2");
        assert_eq!(version_label("vintage"), "vintage");
        assert_eq!(version_label("sha256:0123456789ab"), "sha256:0123456789ab");
        assert_eq!(version_label("第2版"), "第2版");
        assert_eq!(version_label(""), "");
    }
}
