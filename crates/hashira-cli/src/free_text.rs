//! Free text on the command line may start with "-" (`--notes "- 箇条書き"`): every option that
//! takes a person's text allows hyphen values. The test walks the real clap definition, so a new
//! free-text option without it fails here.

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use crate::Cli;

    /// Arguments whose values are ids, codes, numbers, paths or URLs: never a leading "-", and
    /// better refused when one is (`--service --json` is a forgotten value).
    const NOT_FREE_TEXT: &[&str] = &[
        "file",
        "input",
        "lens",
        "lenses",
        "set_id",
        "expect_sha256",
        "expect_plan",
        "path",
        "out",
        "out_dir",
        "output",
        "sheet",
        "url",
        "service",
        "sets",
        "set",
        "set_files",
        "files",
        "choose",
        "choice",
        "question",
        "question_id",
        "criterion_id",
        "evidence_id",
        "row",
        "id",
        "workload_id",
        "na",
        "decision",
        "kinds",
        "key",
        "lang",
        "from",
        "to",
        // paths (set upgrade, copy, merge, bundle)
        "new_file",
        "map",
        "new",
        "other",
        "resolve",
        "template",
        "bundle",
        // codes, ids and dates (merge, improvement items)
        "prefer",
        "item",
        "due",
        "status",
        "help",
        "version",
    ];

    fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments() {
            let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
            let id = arg.get_id().as_str();
            if takes_value && !NOT_FREE_TEXT.contains(&id) && !arg.is_allow_hyphen_values_set() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in command.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }

    #[test]
    fn every_free_text_option_takes_a_value_starting_with_a_hyphen() {
        let mut command = Cli::command();
        command.build();
        let mut missing = Vec::new();
        walk(&command, "hashira", &mut missing);
        assert!(missing.is_empty(), "no allow_hyphen_values: {missing:?}");
    }
}
