//! The `Commands` map of `bindings.ts`, read from the `#[tauri::command]` signatures themselves
//! (`src/commands/*.rs`, parsed with `syn`), so the arguments the UI sends and the result it gets
//! cannot drift from what Tauri deserialises and returns: change a parameter and the committed
//! bindings are out of date. Tauri passes arguments by the camelCase of each parameter's name;
//! the parameters it injects itself (`AppHandle`, `WebviewWindow`, `State`) are not sent.

use std::collections::BTreeMap;
use std::path::Path;

use syn::{FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};

/// One command: its name, the TypeScript object of its arguments and the type of its result.
#[derive(Debug)]
pub struct CommandSignature {
    pub name: String,
    pub args: String,
    pub result: String,
}

/// Parameters Tauri fills in itself: never part of the arguments the UI sends.
const INJECTED: &[&str] = &["AppHandle", "WebviewWindow", "Window", "Webview", "State"];

/// Every `#[tauri::command]` of `src/commands/`, by name. `named` maps a Rust type's name to the
/// TypeScript type declared for it; a type missing from it fails (declare it in `bindings.rs`).
pub fn read_commands(
    dir: &Path,
    named: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, CommandSignature>, String> {
    let mut found = BTreeMap::new();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        for signature in
            commands_in(&text, named).map_err(|e| format!("{}: {e}", file.display()))?
        {
            found.insert(signature.name.clone(), signature);
        }
    }
    Ok(found)
}

/// The `#[tauri::command]` fns of one source file.
fn commands_in(
    text: &str,
    named: &BTreeMap<String, String>,
) -> Result<Vec<CommandSignature>, String> {
    let parsed = syn::parse_file(text).map_err(|e| e.to_string())?;
    let mut found = Vec::new();
    for item in parsed.items {
        let Item::Fn(function) = item else { continue };
        if !function.attrs.iter().any(is_command_attr) {
            continue;
        }
        let signature = signature_of(&function.sig, named)
            .map_err(|e| format!("{}: {e}", function.sig.ident))?;
        found.push(signature);
    }
    Ok(found)
}

fn is_command_attr(attr: &syn::Attribute) -> bool {
    let segments: Vec<String> = attr
        .path()
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments == ["tauri", "command"] || segments == ["command"]
}

fn signature_of(
    sig: &syn::Signature,
    named: &BTreeMap<String, String>,
) -> Result<CommandSignature, String> {
    let mut fields = Vec::new();
    for input in &sig.inputs {
        let FnArg::Typed(param) = input else {
            return Err("a command takes no `self`".into());
        };
        if last_ident(&param.ty).is_some_and(|id| INJECTED.contains(&id.as_str())) {
            continue;
        }
        let Pat::Ident(ident) = &*param.pat else {
            return Err("a command's parameters are plain names".into());
        };
        let name = camel_case(ident.ident.to_string().trim_start_matches("r#"));
        fields.push(format!("{name}: {}", ts_type(&param.ty, named)?));
    }
    let args = if fields.is_empty() {
        "{}".to_string()
    } else {
        format!("{{ {} }}", fields.join(", "))
    };
    let ReturnType::Type(_, returned) = &sig.output else {
        return Err("a command returns CmdResult<T>".into());
    };
    let result = match generic_of(returned, "CmdResult") {
        Some(inner) => ts_type(inner, named)?,
        None => return Err("a command returns CmdResult<T>".into()),
    };
    Ok(CommandSignature {
        name: sig.ident.to_string(),
        args,
        result,
    })
}

fn last_ident(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        Type::Reference(r) => last_ident(&r.elem),
        _ => None,
    }
}

/// `T` of `wrapper<T>` (by the wrapper's last path segment).
fn generic_of<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    let segment = p.path.segments.last()?;
    if segment.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &segment.arguments else {
        return None;
    };
    args.args.iter().find_map(|arg| match arg {
        GenericArgument::Type(inner) => Some(inner),
        _ => None,
    })
}

/// The TypeScript of a parameter's or result's type, as serde and ts-rs (large ints as
/// `number`) write it.
fn ts_type(ty: &Type, named: &BTreeMap<String, String>) -> Result<String, String> {
    if let Type::Tuple(t) = ty
        && t.elems.is_empty()
    {
        return Ok("null".into());
    }
    if let Type::Reference(r) = ty {
        return ts_type(&r.elem, named);
    }
    if let Some(inner) = generic_of(ty, "Option") {
        return Ok(format!("{} | null", ts_type(inner, named)?));
    }
    if let Some(inner) = generic_of(ty, "Vec") {
        return Ok(format!("Array<{}>", ts_type(inner, named)?));
    }
    let ident = last_ident(ty).ok_or_else(|| "a type the bindings cannot name".to_string())?;
    Ok(match ident.as_str() {
        "String" | "str" | "PathBuf" => "string".into(),
        "bool" => "boolean".into(),
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize" | "f32"
        | "f64" => "number".into(),
        other => named
            .get(other)
            .cloned()
            .ok_or_else(|| format!("type {other} is not declared in bindings.rs"))?,
    })
}

fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn a_signature_becomes_the_arguments_tauri_reads_and_its_result() {
    let named = BTreeMap::from([("Filter".to_string(), "Filter".to_string())]);
    let source = r#"
        fn helper(x: i64) -> i64 { x }
        #[tauri::command]
        pub async fn pick(
            app: AppHandle,
            window: WebviewWindow,
            state: State<'_, AppState>,
            question_id: String,
            evidence_ids: Vec<i64>,
            filter: Option<Filter>,
            dry_run: bool,
        ) -> CmdResult<Option<Vec<Filter>>> { todo!() }
        #[tauri::command]
        pub async fn close(state: State<'_, AppState>) -> CmdResult<()> { todo!() }
    "#;
    let found = commands_in(source, &named).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].name, "pick");
    assert_eq!(
        found[0].args,
        "{ questionId: string, evidenceIds: Array<number>, filter: Filter | null, dryRun: boolean }"
    );
    assert_eq!(found[0].result, "Array<Filter> | null");
    assert_eq!(
        (found[1].args.as_str(), found[1].result.as_str()),
        ("{}", "null")
    );
    // A type the bindings do not declare is refused, not guessed.
    let unknown = "#[tauri::command] fn f(x: Unknown) -> CmdResult<()> { todo!() }";
    assert!(
        commands_in(unknown, &named)
            .unwrap_err()
            .contains("Unknown")
    );
}

#[test]
fn parameters_are_sent_by_their_camel_case_names() {
    assert_eq!(camel_case("question_id"), "questionId");
    assert_eq!(camel_case("expect_plan"), "expectPlan");
    assert_eq!(camel_case("path"), "path");
}
