//! Drafting keyword rules.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, Set};

use super::{StoreError, StoreResult};
use crate::{
    domain::drafting::{Category, KeywordRule},
    entities::keyword_rules,
};

pub async fn insert(
    conn: &impl ConnectionTrait,
    rule: &KeywordRule,
    now: DateTime<Utc>,
) -> StoreResult<keyword_rules::Model> {
    Ok(keyword_rules::ActiveModel {
        keyword: Set(rule.keyword.clone()),
        category: Set(rule.category.as_str().to_owned()),
        lead_function: Set(rule.lead_function.clone()),
        cooperating_functions: Set(serde_json::to_string(&rule.cooperating_functions)?),
        weight: Set(rule.weight),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

pub async fn count(conn: &impl ConnectionTrait) -> StoreResult<u64> {
    Ok(keyword_rules::Entity::find().count(conn).await?)
}

/// All rules, as the drafting function takes them.
pub async fn all(conn: &impl ConnectionTrait) -> StoreResult<Vec<KeywordRule>> {
    keyword_rules::Entity::find()
        .order_by_asc(keyword_rules::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            let category: Category = row
                .category
                .parse()
                .map_err(|_| StoreError::Db(sea_orm::DbErr::Type(format!("unknown category {:?}", row.category))))?;
            Ok(KeywordRule {
                keyword: row.keyword,
                category,
                lead_function: row.lead_function,
                cooperating_functions: serde_json::from_str(&row.cooperating_functions)?,
                weight: row.weight,
            })
        })
        .collect()
}
