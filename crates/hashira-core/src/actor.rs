//! Who a change is recorded as: one rule for the CLI and the app, so the same person is not
//! "unknown" in one place and "reviewer" in another.
//!
//! 1. the name given for this change (`--by`, the app's reviewer name setting);
//! 2. else `HASHIRA_USER`;
//! 3. else the OS account: `USER`, `LOGNAME`, `USERNAME` (Windows), else on Unix the account
//!    of the process's uid in `/etc/passwd` (no environment at all, as under some schedulers);
//! 4. else `unknown`.

/// What the rule falls back to when nothing names anyone.
pub const UNKNOWN_ACTOR: &str = "unknown";

/// The actor for a change, `given` first (blank counts as not given).
pub fn actor(given: Option<&str>) -> String {
    resolve(given, |name| std::env::var(name).ok(), os_account)
}

/// The rule over any environment, for tests.
pub fn resolve(
    given: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
    account: impl FnOnce() -> Option<String>,
) -> String {
    let named = |value: Option<String>| {
        value
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    named(given.map(str::to_string))
        .or_else(|| {
            ["HASHIRA_USER", "USER", "LOGNAME", "USERNAME"]
                .into_iter()
                .find_map(|name| named(env(name)))
        })
        .or_else(|| named(account()))
        .unwrap_or_else(|| UNKNOWN_ACTOR.to_string())
}

/// The account name of this process's uid, read from `/etc/passwd` (no `unsafe` FFI needed:
/// `/proc/self` is owned by the process's uid).
#[cfg(unix)]
fn os_account() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    account_of(&passwd, uid)
}

#[cfg(not(unix))]
fn os_account() -> Option<String> {
    None
}

#[cfg(any(unix, test))]
fn account_of(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let line_uid: u32 = fields.nth(1)?.parse().ok()?;
        (line_uid == uid).then(|| name.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_rule_in_order() {
        let all = [
            ("HASHIRA_USER", "花子"),
            ("USER", "hanako"),
            ("LOGNAME", "hlog"),
        ];
        assert_eq!(resolve(Some(" 山田 "), env(&all), || None), "山田");
        assert_eq!(resolve(Some("  "), env(&all), || None), "花子");
        assert_eq!(resolve(None, env(&all[1..]), || None), "hanako");
        assert_eq!(resolve(None, env(&all[2..]), || None), "hlog");
        assert_eq!(
            resolve(None, env(&[("USERNAME", "WinUser")]), || None),
            "WinUser"
        );
        assert_eq!(
            resolve(None, env(&[("USER", " ")]), || Some("acct".into())),
            "acct"
        );
        assert_eq!(resolve(None, env(&[]), || None), UNKNOWN_ACTOR);
    }

    #[test]
    fn passwd_lookup() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nhanako:x:1000:1000::/home/hanako:/bin/sh\n";
        assert_eq!(account_of(passwd, 1000).as_deref(), Some("hanako"));
        assert_eq!(account_of(passwd, 0).as_deref(), Some("root"));
        assert_eq!(account_of(passwd, 7), None);
    }
}
