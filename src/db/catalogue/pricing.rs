//! The pricing side of the catalogue: the operator's settings (markups, exchange rates, a
//! service's own name, price or markup) and the stored services as pricing reads and prices them.

use std::str::FromStr;

use rust_decimal::Decimal;
use sqlx::{FromRow, Sqlite, SqliteConnection, SqliteExecutor};

use crate::db::{Db, now};
use crate::error::{Error, Result};

/// One stored service as pricing sees it, with the operator's overrides.
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct PricingRow {
    pub id: i64,
    pub provider: String,
    pub provider_service_id: String,
    /// What customers see (the override, else the provider's name).
    pub name: String,
    pub provider_name: String,
    pub category_id: i64,
    pub category: String,
    pub rate: String,
    pub rate_currency: Option<String>,
    pub unit_items: i64,
    pub enabled: bool,
    pub listing_problem: Option<String>,
    pub price_minor: Option<i64>,
    pub hidden_reason: Option<String>,
    pub loss_since: Option<i64>,
    pub fixed_price_minor: Option<i64>,
    pub markup_percent: Option<String>,
}

/// An operator's setting for one service.
#[derive(Debug, Clone, PartialEq)]
pub enum ServiceSetting {
    Enabled(bool),
    Name(String),
    Description(String),
    /// Our price per `unit_items` in shop-currency minor units instead of a markup; `None` clears.
    FixedPrice(Option<i64>),
    /// The service's own markup in percent; `None` clears.
    Markup(Option<Decimal>),
}

/// A category with its own markup, if it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryMarkup {
    pub id: i64,
    pub name: String,
    pub markup_percent: Option<Decimal>,
}

impl Db {
    /// Every category with its own markup where it has one: those first, then alphabetically.
    pub async fn category_markups(&self) -> Result<Vec<CategoryMarkup>> {
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
            "SELECT c.id, c.name, m.markup_percent FROM categories c
             LEFT JOIN category_markups m ON m.category_id = c.id
             ORDER BY m.markup_percent IS NULL, c.name COLLATE NOCASE, c.id",
        )
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|(id, name, markup)| {
                Ok(CategoryMarkup {
                    id,
                    name,
                    markup_percent: markup.as_deref().map(decimal).transpose()?,
                })
            })
            .collect()
    }

    /// Provider currencies in the catalogue other than `shop_currency`, each with its number of
    /// services.
    pub async fn foreign_currencies(&self, shop_currency: &str) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT rate_currency, COUNT(*) FROM services
             WHERE rate_currency IS NOT NULL AND rate_currency != ?
             GROUP BY rate_currency ORDER BY rate_currency",
        )
        .bind(shop_currency)
        .fetch_all(self.pool())
        .await?)
    }

    /// One service as pricing sees it.
    pub async fn pricing_row(&self, id: i64) -> Result<Option<PricingRow>> {
        Ok(pricing_rows(self.pool(), None, Some(id)).await?.pop())
    }
}

/// Services as pricing sees them: one provider's, one service, or all (`None`).
pub async fn pricing_rows<'c>(
    conn: impl SqliteExecutor<'c>,
    provider: Option<&str>,
    service: Option<i64>,
) -> Result<Vec<PricingRow>> {
    Ok(sqlx::query_as::<_, PricingRow>(
        "SELECT s.id, s.provider, s.provider_service_id, s.name, s.provider_name, s.category_id,
             c.name AS category, s.rate, s.rate_currency, s.unit_items, s.enabled, s.listing_problem,
             s.price_minor, s.hidden_reason, s.loss_since, o.fixed_price_minor, o.markup_percent
         FROM services s JOIN categories c ON c.id = s.category_id
         LEFT JOIN service_overrides o ON o.service_id = s.id
         WHERE (?1 IS NULL OR s.provider = ?1) AND (?2 IS NULL OR s.id = ?2)
         ORDER BY s.id",
    )
    .bind(provider)
    .bind(service)
    .fetch_all(conn)
    .await?)
}

/// Stores what pricing decided for one service.
pub async fn write_price(
    conn: &mut SqliteConnection,
    id: i64,
    price_minor: Option<i64>,
    hidden_reason: Option<&str>,
    loss_since: Option<i64>,
) -> Result<()> {
    sqlx::query("UPDATE services SET price_minor = ?, hidden_reason = ?, loss_since = ? WHERE id = ?")
        .bind(price_minor)
        .bind(hidden_reason)
        .bind(loss_since)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The global markup an admin set, if one did.
pub async fn global_markup<'c>(conn: impl SqliteExecutor<'c>) -> Result<Option<Decimal>> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT global_markup_percent FROM pricing_settings WHERE id = 1")
            .fetch_optional(conn)
            .await?;
    stored.as_deref().map(decimal).transpose()
}

pub async fn set_global_markup(conn: &mut SqliteConnection, percent: Decimal) -> Result<()> {
    sqlx::query(
        "INSERT INTO pricing_settings (id, global_markup_percent, updated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET global_markup_percent = excluded.global_markup_percent,
             updated_at = excluded.updated_at",
    )
    .bind(percent.normalize().to_string())
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Category id → its own markup.
pub async fn category_markup_map<'c>(conn: impl SqliteExecutor<'c>) -> Result<Vec<(i64, Decimal)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT category_id, markup_percent FROM category_markups")
        .fetch_all(conn)
        .await?;
    rows.into_iter().map(|(id, m)| Ok((id, decimal(&m)?))).collect()
}

/// Sets (or with `None` clears) a category's markup; `false` when there is no such category.
pub async fn set_category_markup(
    conn: &mut SqliteConnection,
    category_id: i64,
    percent: Option<Decimal>,
) -> Result<bool> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM categories WHERE id = ?")
        .bind(category_id)
        .fetch_optional(&mut *conn)
        .await?;
    if exists.is_none() {
        return Ok(false);
    }
    match percent {
        Some(percent) => {
            sqlx::query(
                "INSERT INTO category_markups (category_id, markup_percent, updated_at) VALUES (?, ?, ?)
                 ON CONFLICT (category_id) DO UPDATE SET markup_percent = excluded.markup_percent,
                     updated_at = excluded.updated_at",
            )
            .bind(category_id)
            .bind(percent.normalize().to_string())
            .bind(now())
            .execute(conn)
            .await?
        }
        None => {
            sqlx::query("DELETE FROM category_markups WHERE category_id = ?")
                .bind(category_id)
                .execute(conn)
                .await?
        }
    };
    Ok(true)
}

/// Currency code → shop currency units per one unit of it.
pub async fn fx_rates<'c>(conn: impl SqliteExecutor<'c>) -> Result<Vec<(String, Decimal)>> {
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT currency, rate FROM fx_rates ORDER BY currency")
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(|(c, rate)| Ok((c, decimal(&rate)?)))
        .collect()
}

/// Sets (or with `None` removes) the exchange rate of `currency`.
pub async fn set_fx_rate(conn: &mut SqliteConnection, currency: &str, rate: Option<Decimal>) -> Result<()> {
    match rate {
        Some(rate) => {
            sqlx::query(
                "INSERT INTO fx_rates (currency, rate, updated_at) VALUES (?, ?, ?)
                 ON CONFLICT (currency) DO UPDATE SET rate = excluded.rate, updated_at = excluded.updated_at",
            )
            .bind(currency)
            .bind(rate.normalize().to_string())
            .bind(now())
            .execute(conn)
            .await?
        }
        None => {
            sqlx::query("DELETE FROM fx_rates WHERE currency = ?")
                .bind(currency)
                .execute(conn)
                .await?
        }
    };
    Ok(())
}

/// Applies an operator's setting to a service; `false` when there is no such service. Names and
/// descriptions are kept as overrides so that the next sync does not undo them.
pub async fn set_service_setting(
    conn: &mut SqliteConnection,
    id: i64,
    setting: &ServiceSetting,
) -> Result<bool> {
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM services WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    if exists.is_none() {
        return Ok(false);
    }
    match setting {
        ServiceSetting::Enabled(enabled) => {
            sqlx::query("UPDATE services SET enabled = ? WHERE id = ?")
                .bind(enabled)
                .bind(id)
                .execute(conn)
                .await?;
        }
        ServiceSetting::Name(name) => {
            set_override(&mut *conn, id, "name", name).await?;
            sqlx::query("UPDATE services SET name = ? WHERE id = ?")
                .bind(name)
                .bind(id)
                .execute(conn)
                .await?;
        }
        ServiceSetting::Description(text) => {
            set_override(&mut *conn, id, "description", text).await?;
            sqlx::query("UPDATE services SET description = ? WHERE id = ?")
                .bind(text)
                .bind(id)
                .execute(conn)
                .await?;
        }
        ServiceSetting::FixedPrice(price) => set_override(conn, id, "fixed_price_minor", price).await?,
        ServiceSetting::Markup(percent) => {
            let text = percent.map(|p| p.normalize().to_string());
            set_override(conn, id, "markup_percent", text).await?
        }
    }
    Ok(true)
}

/// Sets one column of a service's overrides, creating the row when needed.
async fn set_override<'q, T>(
    conn: &mut SqliteConnection,
    id: i64,
    column: &'static str,
    value: T,
) -> Result<()>
where
    T: sqlx::Encode<'q, Sqlite> + sqlx::Type<Sqlite> + Send + 'q,
{
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO service_overrides (service_id, {column}, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (service_id) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at"
    )))
    .bind(id)
    .bind(value)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// A percentage or rate as stored: exact decimal text that only we write.
fn decimal(text: &str) -> Result<Decimal> {
    Decimal::from_str(text).map_err(|e| Error::Internal(format!("stored decimal {text:?}: {e}")))
}
