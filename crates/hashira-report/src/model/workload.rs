//! The workload's properties as labelled rows, the architecture URL as a link.

use hashira_core::Lang;
use hashira_core::workbook::{Environment, Workload};
use serde::Serialize;

use crate::i18n::{join_list, texts};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Property {
    pub key: String,
    pub label: String,
    pub value: String,
    /// Set when the value is a link.
    pub url: Option<String>,
}

/// Every property in the order of [`crate::i18n::Texts::workload_fields`], empty ones too.
pub(crate) fn workload_properties(workload: &Workload, lang: Lang) -> Vec<Property> {
    let t = texts(lang);
    let list = |items: &[String]| join_list(items, lang);
    let environment = match workload.environment {
        Some(Environment::Production) => t.production.to_string(),
        Some(Environment::Preproduction) => t.preproduction.to_string(),
        None => String::new(),
    };
    let values: [(&str, String); 13] = [
        ("name", workload.name.clone()),
        ("description", workload.description.clone()),
        ("review_owner", workload.review_owner.clone()),
        ("environment", environment),
        ("aws_regions", list(&workload.aws_regions)),
        ("other_regions", list(&workload.other_regions)),
        ("account_ids", list(&workload.account_ids)),
        ("industry", workload.industry.clone()),
        ("architecture_url", workload.architecture_url.clone()),
        ("notes", workload.notes.clone()),
        ("client_organization", workload.client_organization.clone()),
        ("reviewers", list(&workload.reviewers)),
        (
            "review_date",
            workload.review_date.clone().unwrap_or_default(),
        ),
    ];
    values
        .into_iter()
        .zip(t.workload_fields)
        .map(|((key, value), label)| Property {
            key: key.to_string(),
            label: label.to_string(),
            url: (key == "architecture_url" && !value.is_empty()).then(|| value.clone()),
            value,
        })
        .collect()
}
