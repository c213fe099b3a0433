use super::migrations::MIGRATIONS;
use crate::question_set::sha256_hex;

/// Released migrations are append-only. If this fails you edited a released migration:
/// revert it and add a new file instead.
#[test]
fn released_migrations_are_unchanged() {
    let released = [
        "191cfc8a7e30095d",
        "e09bc8e4ee0f74e2",
        "2228f14efeedf48c",
        "7725fcd99512e15a",
    ];
    assert_eq!(
        MIGRATIONS.len(),
        released.len(),
        "add the new migration's hash here"
    );
    for (sql, expected) in MIGRATIONS.iter().zip(released) {
        assert_eq!(&sha256_hex(sql.as_bytes())[..16], expected);
    }
}
