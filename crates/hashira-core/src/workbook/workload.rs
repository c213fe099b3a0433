//! Workload properties: what the AWS Well-Architected Tool asks about a workload, plus what a
//! consultant's engagement needs (client organisation, reviewers, review date).

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::file::json_at;
use super::{DbResult, Workbook, Write};
use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Environment {
    Production,
    Preproduction,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "PRODUCTION",
            Environment::Preproduction => "PREPRODUCTION",
        }
    }

    fn parse(text: &str) -> Option<Environment> {
        match text
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_', ' '], "")
            .as_str()
        {
            "production" | "prod" | "本番" => Some(Environment::Production),
            "preproduction" | "preprod" | "本番前" | "検証" => {
                Some(Environment::Preproduction)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Workload {
    pub name: String,
    pub description: String,
    pub review_owner: String,
    pub environment: Option<Environment>,
    pub aws_regions: Vec<String>,
    pub other_regions: Vec<String>,
    pub account_ids: Vec<String>,
    pub industry: String,
    pub architecture_url: String,
    pub notes: String,
    pub client_organization: String,
    pub reviewers: Vec<String>,
    /// `YYYY-MM-DD`.
    pub review_date: Option<String>,
    /// The workbook's time zone as a UTC offset, `+09:00`: every surface shows times in it.
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
}

/// JST: the institutions Hashira is made for review in Japan.
pub const DEFAULT_TIME_ZONE: &str = "+09:00";

fn default_time_zone() -> String {
    DEFAULT_TIME_ZONE.to_string()
}

/// Parses `+09:00` / `-05:30` (also `+0900`, `UTC+9`, `JST`) into a UTC offset.
pub fn parse_time_zone(text: &str) -> Option<time::UtcOffset> {
    let text = text.trim();
    let upper = text.to_ascii_uppercase();
    if upper == "JST" {
        return time::UtcOffset::from_hms(9, 0, 0).ok();
    }
    if upper == "UTC" || upper == "Z" || upper == "GMT" {
        return Some(time::UtcOffset::UTC);
    }
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(&upper);
    let (sign, digits) = match rest.chars().next()? {
        '+' => (1, &rest[1..]),
        '-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (hours, minutes) = match digits.split_once(':') {
        Some((h, m)) => (h, m),
        None if digits.len() == 4 => digits.split_at(2),
        None => (digits, "0"),
    };
    if hours.is_empty() || hours.len() > 2 || minutes.is_empty() || minutes.len() > 2 {
        return None;
    }
    let hours: i8 = hours.parse().ok()?;
    let minutes: i8 = minutes.parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    time::UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

/// An offset written the one way it is stored: `+09:00`.
pub fn format_time_zone(offset: time::UtcOffset) -> String {
    let (h, m, _) = offset.as_hms();
    let sign = if offset.is_negative() { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs())
}

/// One editable workload property. Its key is also its column name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WorkloadField {
    Name,
    Description,
    ReviewOwner,
    Environment,
    AwsRegions,
    OtherRegions,
    AccountIds,
    Industry,
    ArchitectureUrl,
    Notes,
    ClientOrganization,
    Reviewers,
    ReviewDate,
    TimeZone,
}

impl WorkloadField {
    pub const ALL: [WorkloadField; 14] = [
        WorkloadField::Name,
        WorkloadField::Description,
        WorkloadField::ReviewOwner,
        WorkloadField::Environment,
        WorkloadField::AwsRegions,
        WorkloadField::OtherRegions,
        WorkloadField::AccountIds,
        WorkloadField::Industry,
        WorkloadField::ArchitectureUrl,
        WorkloadField::Notes,
        WorkloadField::ClientOrganization,
        WorkloadField::Reviewers,
        WorkloadField::ReviewDate,
        WorkloadField::TimeZone,
    ];

    pub fn key(self) -> &'static str {
        match self {
            WorkloadField::Name => "name",
            WorkloadField::Description => "description",
            WorkloadField::ReviewOwner => "review_owner",
            WorkloadField::Environment => "environment",
            WorkloadField::AwsRegions => "aws_regions",
            WorkloadField::OtherRegions => "other_regions",
            WorkloadField::AccountIds => "account_ids",
            WorkloadField::Industry => "industry",
            WorkloadField::ArchitectureUrl => "architecture_url",
            WorkloadField::Notes => "notes",
            WorkloadField::ClientOrganization => "client_organization",
            WorkloadField::Reviewers => "reviewers",
            WorkloadField::ReviewDate => "review_date",
            WorkloadField::TimeZone => "time_zone",
        }
    }

    /// Accepts `review_owner` and `review-owner`.
    pub fn parse(key: &str) -> Option<WorkloadField> {
        let key = key.trim().replace('-', "_");
        WorkloadField::ALL.into_iter().find(|f| f.key() == key)
    }

    pub fn is_list(self) -> bool {
        matches!(
            self,
            WorkloadField::AwsRegions
                | WorkloadField::OtherRegions
                | WorkloadField::AccountIds
                | WorkloadField::Reviewers
        )
    }

    pub(super) fn get(self, workload: &Workload) -> Value {
        match self {
            WorkloadField::Name => json!(workload.name),
            WorkloadField::Description => json!(workload.description),
            WorkloadField::ReviewOwner => json!(workload.review_owner),
            WorkloadField::Environment => json!(workload.environment),
            WorkloadField::AwsRegions => json!(workload.aws_regions),
            WorkloadField::OtherRegions => json!(workload.other_regions),
            WorkloadField::AccountIds => json!(workload.account_ids),
            WorkloadField::Industry => json!(workload.industry),
            WorkloadField::ArchitectureUrl => json!(workload.architecture_url),
            WorkloadField::Notes => json!(workload.notes),
            WorkloadField::ClientOrganization => json!(workload.client_organization),
            WorkloadField::Reviewers => json!(workload.reviewers),
            WorkloadField::ReviewDate => json!(workload.review_date),
            WorkloadField::TimeZone => json!(workload.time_zone),
        }
    }
}

fn invalid(field: WorkloadField, message: impl Into<String>) -> Error {
    Error::InvalidProperty {
        field: field.key().to_string(),
        message: message.into(),
    }
}

pub(super) fn validate_name(name: &str) -> Result<()> {
    let length = name.trim().chars().count();
    if length == 0 {
        return Err(invalid(WorkloadField::Name, "the workload name is empty"));
    }
    if length > 200 {
        return Err(invalid(
            WorkloadField::Name,
            "the workload name is longer than 200 characters",
        ));
    }
    Ok(())
}

/// Splits a list typed as text: commas, 、, semicolons or new lines separate items.
fn split_list(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for item in text
        .split([',', '、', ';', '\n'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        if !items.iter().any(|known| known == item) {
            items.push(item.to_string());
        }
    }
    items
}

fn is_aws_region(text: &str) -> bool {
    // e.g. ap-northeast-1, us-gov-west-1, cn-north-1
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_lowercase())
}

fn check_list(field: WorkloadField, items: &[String]) -> Result<()> {
    for item in items {
        match field {
            WorkloadField::AwsRegions if !is_aws_region(item) => {
                return Err(invalid(
                    field,
                    format!("'{item}' is not an AWS region code such as ap-northeast-1"),
                ));
            }
            WorkloadField::AccountIds
                if !(item.len() == 12 && item.chars().all(|c| c.is_ascii_digit())) =>
            {
                return Err(invalid(
                    field,
                    format!("'{item}' is not a 12-digit AWS account ID"),
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Validates and normalises a whole workload, naming the first field at fault.
pub(super) fn normalise(mut workload: Workload) -> Result<Workload> {
    validate_name(&workload.name)?;
    workload.name = workload.name.trim().to_string();
    for (field, list) in [
        (WorkloadField::AwsRegions, &mut workload.aws_regions),
        (WorkloadField::OtherRegions, &mut workload.other_regions),
        (WorkloadField::AccountIds, &mut workload.account_ids),
        (WorkloadField::Reviewers, &mut workload.reviewers),
    ] {
        *list = split_list(&list.join("\n"));
        check_list(field, list)?;
    }
    let url = workload.architecture_url.trim().to_string();
    if !url.is_empty() {
        let valid = url::Url::parse(&url)
            .map(|u| matches!(u.scheme(), "http" | "https"))
            .unwrap_or(false);
        if !valid {
            return Err(invalid(
                WorkloadField::ArchitectureUrl,
                format!("'{url}' is not an http(s) URL"),
            ));
        }
    }
    workload.architecture_url = url;
    if workload.time_zone.trim().is_empty() {
        workload.time_zone = default_time_zone();
    }
    let zone = parse_time_zone(&workload.time_zone).ok_or_else(|| {
        invalid(
            WorkloadField::TimeZone,
            format!(
                "'{}' is not a UTC offset such as +09:00",
                workload.time_zone
            ),
        )
    })?;
    workload.time_zone = format_time_zone(zone);
    if let Some(date) = &workload.review_date {
        let date = date.trim();
        if date.is_empty() {
            workload.review_date = None;
        } else {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(date, &format).map_err(|_| {
                invalid(
                    WorkloadField::ReviewDate,
                    format!("'{date}' is not a date like 2026-04-01"),
                )
            })?;
            workload.review_date = Some(date.to_string());
        }
    }
    Ok(workload)
}

/// `workload` with one property set from text as `set_property` takes it (not yet
/// [`normalise`]d: `update_workload` does that, and so does a merge's edited conflict).
pub(super) fn with_property(
    mut workload: Workload,
    field: WorkloadField,
    value: &str,
) -> Result<Workload> {
    let text = value.to_string();
    match field {
        WorkloadField::Name => workload.name = text,
        WorkloadField::Description => workload.description = text,
        WorkloadField::ReviewOwner => workload.review_owner = text,
        WorkloadField::Environment => {
            workload.environment = if text.trim().is_empty() {
                None
            } else {
                Some(Environment::parse(&text).ok_or_else(|| {
                    invalid(
                        field,
                        format!("'{text}' is neither PRODUCTION nor PREPRODUCTION"),
                    )
                })?)
            }
        }
        WorkloadField::AwsRegions => workload.aws_regions = split_list(&text),
        WorkloadField::OtherRegions => workload.other_regions = split_list(&text),
        WorkloadField::AccountIds => workload.account_ids = split_list(&text),
        WorkloadField::Industry => workload.industry = text,
        WorkloadField::ArchitectureUrl => workload.architecture_url = text,
        WorkloadField::Notes => workload.notes = text,
        WorkloadField::ClientOrganization => workload.client_organization = text,
        WorkloadField::Reviewers => workload.reviewers = split_list(&text),
        WorkloadField::ReviewDate => workload.review_date = Some(text),
        WorkloadField::TimeZone => workload.time_zone = text,
    }
    Ok(workload)
}

impl Workbook {
    /// The workbook's time zone: the offset every surface shows times in.
    pub fn time_offset(&self) -> Result<time::UtcOffset> {
        let workload = self.workload()?;
        parse_time_zone(&workload.time_zone).ok_or_else(|| Error::WorkbookCorrupt {
            path: self.path().to_path_buf(),
            reason: format!(
                "workload.time_zone holds '{}', not a UTC offset",
                workload.time_zone
            ),
        })
    }

    pub fn workload(&self) -> Result<Workload> {
        let row = self
            .conn()
            .query_row(
                "SELECT name, description, review_owner, environment, aws_regions, other_regions, \
                 account_ids, industry, architecture_url, notes, client_organization, reviewers, \
                 review_date, time_zone FROM workload WHERE singleton = 1",
                [],
                |r| {
                    // A list that cannot be read is damage to report, not an empty list.
                    let list = |i: usize| json_at(r, i, "workload", || "1".into());
                    let environment: Option<String> = r.get(3)?;
                    Ok(Workload {
                        name: r.get(0)?,
                        description: r.get(1)?,
                        review_owner: r.get(2)?,
                        environment: environment.as_deref().and_then(Environment::parse),
                        aws_regions: list(4)?,
                        other_regions: list(5)?,
                        account_ids: list(6)?,
                        industry: r.get(7)?,
                        architecture_url: r.get(8)?,
                        notes: r.get(9)?,
                        client_organization: r.get(10)?,
                        reviewers: list(11)?,
                        review_date: r.get(12)?,
                        time_zone: r.get(13)?,
                    })
                },
            )
            .db(self.path())?;
        Ok(row)
    }

    /// Sets one property from text (lists separated by commas, 、 or new lines).
    pub fn set_property(
        &mut self,
        field: WorkloadField,
        value: &str,
        actor: &str,
    ) -> Result<Workload> {
        let workload = with_property(self.workload()?, field, value)?;
        self.update_workload(workload, actor)
    }

    /// Replaces the workload; each changed field is written and audited, all in one transaction.
    pub fn update_workload(&mut self, workload: Workload, actor: &str) -> Result<Workload> {
        let new = normalise(workload)?;
        let old = self.workload()?;
        let changed: Vec<WorkloadField> = WorkloadField::ALL
            .into_iter()
            .filter(|f| f.get(&old) != f.get(&new))
            .collect();
        if changed.is_empty() {
            return Ok(old);
        }
        self.write(|write| {
            for field in &changed {
                store_property(write, *field, &field.get(&old), &field.get(&new), actor)?;
            }
            Ok(())
        })?;
        Ok(new)
    }
}

/// Writes one property and its `workload.update` entry (old → new) inside `write`.
pub(super) fn store_property(
    write: &Write<'_>,
    field: WorkloadField,
    old: &Value,
    value: &Value,
    actor: &str,
) -> Result<()> {
    // Lists are stored as JSON text; scalars as text or NULL.
    let stored: Option<String> = match (value, field.is_list()) {
        (Value::Null, _) => None,
        (Value::String(text), false) => Some(text.clone()),
        (other, _) => Some(other.to_string()),
    };
    // The column name comes from the closed WorkloadField list, never from input.
    let sql = format!(
        "UPDATE workload SET {} = ?1 WHERE singleton = 1",
        field.key()
    );
    write.tx.execute(&sql, [stored]).db(write.path)?;
    write.audit(
        actor,
        crate::history::action::WORKLOAD_UPDATE,
        field.key(),
        Some(old),
        Some(value),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_japanese_and_ascii_separators_without_repeats() {
        assert_eq!(
            split_list("山田, 佐藤、鈴木\n山田"),
            vec!["山田", "佐藤", "鈴木"]
        );
        assert!(split_list(" , ").is_empty());
    }

    #[test]
    fn regions_and_accounts_are_checked() {
        assert!(is_aws_region("ap-northeast-1"));
        assert!(is_aws_region("us-gov-west-1"));
        assert!(!is_aws_region("Tokyo"));
        assert!(!is_aws_region("ap-northeast"));
        let error = check_list(WorkloadField::AccountIds, &["12345".into()]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid value for workload property 'account_ids': '12345' is not a 12-digit AWS account ID"
        );
    }

    #[test]
    fn field_keys_round_trip_and_accept_kebab_case() {
        for field in WorkloadField::ALL {
            assert_eq!(WorkloadField::parse(field.key()), Some(field));
        }
        assert_eq!(
            WorkloadField::parse("review-owner"),
            Some(WorkloadField::ReviewOwner)
        );
        assert_eq!(WorkloadField::parse("colour"), None);
    }

    #[test]
    fn time_zones_parse_in_the_common_spellings_and_print_one_way() {
        for (text, printed) in [
            ("+09:00", "+09:00"),
            ("+0900", "+09:00"),
            ("UTC+9", "+09:00"),
            ("JST", "+09:00"),
            ("utc", "+00:00"),
            ("-05:30", "-05:30"),
        ] {
            let offset = parse_time_zone(text).unwrap();
            assert_eq!(format_time_zone(offset), printed, "{text}");
        }
        for bad in ["", "+9:0:0", "Asia/Tokyo", "+15:00", "+09:60", "09:00"] {
            assert!(parse_time_zone(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn environment_accepts_common_spellings() {
        assert_eq!(
            Environment::parse("pre-production"),
            Some(Environment::Preproduction)
        );
        assert_eq!(
            Environment::parse("PRODUCTION"),
            Some(Environment::Production)
        );
        assert_eq!(Environment::parse("本番"), Some(Environment::Production));
        assert_eq!(Environment::parse("staging"), None);
    }
}
