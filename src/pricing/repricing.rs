//! Re-pricing the stored catalogue under the settings in force: each service's verdict (on sale
//! at its price, or hidden and why), and the admins told once when one crosses below its cost.

use sqlx::SqliteConnection;

use super::{Loss, Pricing, Rules, price_row};
use crate::db::catalogue::{self as store, PricingRow};
use crate::db::notices::{Notice, enqueue_admins};
use crate::db::{Db, now};
use crate::error::Result;

/// How a stored service is to be sold.
#[derive(Debug, Clone, PartialEq)]
struct Verdict {
    price_minor: Option<i64>,
    hidden_reason: Option<String>,
    loss: Option<Loss>,
}

impl Verdict {
    fn hidden(reason: String) -> Self {
        Self {
            price_minor: None,
            hidden_reason: Some(reason),
            loss: None,
        }
    }
}

fn verdict(rules: &Rules, row: &PricingRow) -> Verdict {
    if let Some(problem) = &row.listing_problem {
        return Verdict::hidden(problem.clone());
    }
    let priced = match price_row(rules, row) {
        Ok(priced) => priced,
        Err(not_priced) => return Verdict::hidden(not_priced.reason(&rules.shop_currency)),
    };
    match rules.loss(&priced) {
        Some(loss) => {
            let currency = &rules.shop_currency;
            let reason = format!(
                "below cost: sells at {} per {} but costs {}",
                currency.format(loss.price_minor),
                row.unit_items,
                currency.format(loss.cost_minor)
            );
            Verdict {
                loss: Some(loss),
                ..Verdict::hidden(reason)
            }
        }
        None => Verdict {
            price_minor: Some(priced.price_minor),
            hidden_reason: None,
            loss: None,
        },
    }
}

/// What a re-pricing found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RepriceReport {
    /// Enabled, priced and not hidden.
    pub on_sale: u32,
    /// Hidden for a reason (switched-off services are counted in neither).
    pub hidden: u32,
    /// Services that have just started to sell below their cost; admins were told.
    pub newly_below_cost: u32,
}

/// Re-prices the stored services (one provider's, or all) under the current settings, inside the
/// caller's transaction. An enabled service that has just crossed below its cost is reported to
/// the admins once; while it stays there, nothing more is sent.
pub async fn reprice(
    conn: &mut SqliteConnection,
    pricing: &Pricing,
    provider: Option<&str>,
) -> Result<RepriceReport> {
    let rules = Rules::load(conn, pricing).await?;
    let now = now();
    let mut report = RepriceReport::default();
    for row in store::pricing_rows(&mut *conn, provider, None).await? {
        let verdict = verdict(&rules, &row);
        // Switched-off services are not worth an alert; switching one on re-prices it.
        let loss_since = match (verdict.loss, row.loss_since) {
            (Some(_), Some(since)) => Some(since),
            (Some(loss), None) if row.enabled => {
                alert_below_cost(conn, pricing, &row, loss, now).await?;
                report.newly_below_cost += 1;
                Some(now)
            }
            _ => None,
        };
        if (verdict.price_minor, verdict.hidden_reason.as_deref(), loss_since)
            != (row.price_minor, row.hidden_reason.as_deref(), row.loss_since)
        {
            match (&verdict.hidden_reason, verdict.hidden_reason != row.hidden_reason) {
                (Some(reason), true) => {
                    tracing::info!(service = row.id, provider = %row.provider, %reason, "service hidden")
                }
                (None, true) => {
                    tracing::debug!(service = row.id, provider = %row.provider, "service on sale")
                }
                (_, false) => {}
            }
            store::write_price(
                conn,
                row.id,
                verdict.price_minor,
                verdict.hidden_reason.as_deref(),
                loss_since,
            )
            .await?;
        }
        match (&verdict.hidden_reason, row.enabled) {
            (None, true) => report.on_sale += 1,
            (Some(_), true) => report.hidden += 1,
            (_, false) => {}
        }
    }
    Ok(report)
}

/// Re-prices one provider's services in their own transaction (after a catalogue sync).
pub async fn reprice_provider(db: &Db, pricing: &Pricing, provider: &str) -> Result<RepriceReport> {
    let mut tx = db.begin_write().await?;
    let report = reprice(&mut tx, pricing, Some(provider)).await?;
    tx.commit().await?;
    db.catalogue_changed();
    Ok(report)
}

async fn alert_below_cost(
    conn: &mut SqliteConnection,
    pricing: &Pricing,
    row: &PricingRow,
    loss: Loss,
    now: i64,
) -> Result<()> {
    tracing::warn!(
        service = row.id,
        provider = %row.provider,
        cost = loss.cost_minor,
        price = loss.price_minor,
        "service would sell below its cost: hidden"
    );
    let notice = Notice::BelowCost {
        service_id: row.id,
        service: row.name.clone(),
        provider: row.provider.clone(),
        unit_items: row.unit_items,
        cost_minor: loss.cost_minor,
        price_minor: loss.price_minor,
    };
    // One alert per crossing: the crossing's time is part of the key.
    let key = format!("below_cost:{}:{now}", row.id);
    enqueue_admins(conn, &pricing.admins, &key, &notice).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::tests::shop_rules;

    #[test]
    fn stored_rows_get_a_verdict() {
        let rules = shop_rules("RUB");
        let row = PricingRow {
            id: 1,
            provider: "p".into(),
            provider_service_id: "9".into(),
            name: "Views".into(),
            provider_name: "Views".into(),
            category_id: 1,
            category: "Telegram".into(),
            rate: "0.90".into(),
            rate_currency: Some("USD".into()),
            unit_items: 1000,
            enabled: true,
            listing_problem: None,
            price_minor: None,
            hidden_reason: None,
            loss_since: None,
            fixed_price_minor: None,
            markup_percent: None,
        };
        assert_eq!(verdict(&rules, &row).price_minor, Some(9774));
        let with_problem = PricingRow {
            listing_problem: Some("limits make no sense".into()),
            ..row.clone()
        };
        assert_eq!(
            verdict(&rules, &with_problem),
            Verdict::hidden("limits make no sense".into())
        );
        let losing = verdict(
            &rules,
            &PricingRow {
                fixed_price_minor: Some(5000),
                ..row
            },
        );
        assert_eq!(losing.price_minor, None);
        assert_eq!(
            losing.hidden_reason.as_deref(),
            Some("below cost: sells at 50.00 RUB per 1000 but costs 81.45 RUB")
        );
    }
}
