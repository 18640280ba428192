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
        category: Set(rule.category),
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

/// All rules with their ids, oldest first: the order the drafting function weighs them in.
pub async fn all(conn: &impl ConnectionTrait) -> StoreResult<Vec<(i64, KeywordRule)>> {
    keyword_rules::Entity::find()
        .order_by_asc(keyword_rules::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|row| {
            let rule = KeywordRule {
                keyword: row.keyword,
                category: row.category,
                lead_function: row.lead_function,
                cooperating_functions: serde_json::from_str(&row.cooperating_functions)?,
                weight: row.weight,
            };
            Ok((row.id, rule))
        })
        .collect()
}

pub async fn get(conn: &impl ConnectionTrait, id: i64) -> StoreResult<keyword_rules::Model> {
    keyword_rules::Entity::find_by_id(id).one(conn).await?.ok_or(StoreError::NotFound("keyword rule"))
}

pub async fn update(
    conn: &impl ConnectionTrait,
    id: i64,
    rule: &KeywordRule,
    now: DateTime<Utc>,
) -> StoreResult<keyword_rules::Model> {
    let mut active: keyword_rules::ActiveModel = get(conn, id).await?.into();
    active.keyword = Set(rule.keyword.clone());
    active.category = Set(rule.category);
    active.lead_function = Set(rule.lead_function.clone());
    active.cooperating_functions = Set(serde_json::to_string(&rule.cooperating_functions)?);
    active.weight = Set(rule.weight);
    active.updated_at = Set(now);
    Ok(active.update(conn).await?)
}

pub async fn delete(conn: &impl ConnectionTrait, id: i64) -> StoreResult<()> {
    let result = keyword_rules::Entity::delete_by_id(id).exec(conn).await?;
    if result.rows_affected == 0 {
        return Err(StoreError::NotFound("keyword rule"));
    }
    Ok(())
}

/// True when another rule has the same keyword and category.
pub async fn exists(
    conn: &impl ConnectionTrait,
    keyword: &str,
    category: Category,
    except: Option<i64>,
) -> StoreResult<bool> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let mut query = keyword_rules::Entity::find()
        .filter(keyword_rules::Column::Keyword.eq(keyword))
        .filter(keyword_rules::Column::Category.eq(category));
    if let Some(id) = except {
        query = query.filter(keyword_rules::Column::Id.ne(id));
    }
    Ok(query.count(conn).await? > 0)
}
