//! Promo codes, who took them, and customers' wrong guesses. The rules of redeeming are in
//! `payments::promo`; here are the rows, each write a single statement its caller puts in a
//! transaction.

use sqlx::{FromRow, SqliteConnection};

use super::{Db, is_unique_violation, now};
use crate::error::Result;

/// One promo code as stored. `kind` is `credit` (value: minor units) or `discount` (value: percent).
#[derive(Debug, Clone, PartialEq, FromRow)]
pub struct PromoCode {
    pub code: String,
    pub kind: String,
    pub value: i64,
    pub max_uses: Option<i64>,
    pub uses: i64,
    pub cost_minor: i64,
    pub valid_until: Option<i64>,
    pub new_customers_only: bool,
    pub below_cost: bool,
    pub active: bool,
}

impl PromoCode {
    pub fn is_discount(&self) -> bool {
        self.kind == "discount"
    }
}

const PROMO_COLUMNS: &str = "code, kind, value, max_uses, uses, cost_minor, valid_until, \
    new_customers_only, below_cost, active";

/// A new code, as an admin created it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPromoRow<'a> {
    pub code: &'a str,
    pub kind: &'a str,
    pub value: i64,
    pub max_uses: Option<i64>,
    pub valid_until: Option<i64>,
    pub new_customers_only: bool,
    pub below_cost: bool,
    pub created_by: i64,
}

/// How a customer's redemption of a code stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedemptionState {
    Credited,
    Attached,
    Consumed,
}

impl RedemptionState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Credited => "credited",
            Self::Attached => "attached",
            Self::Consumed => "consumed",
        }
    }
}

impl Db {
    /// Stores a new code; `false` when a code of that name exists already.
    pub async fn create_promo(&self, promo: &NewPromoRow<'_>) -> Result<bool> {
        let inserted = sqlx::query(
            "INSERT INTO promo_codes (code, kind, value, max_uses, valid_until, new_customers_only,
                 below_cost, created_by, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(promo.code)
        .bind(promo.kind)
        .bind(promo.value)
        .bind(promo.max_uses)
        .bind(promo.valid_until)
        .bind(promo.new_customers_only)
        .bind(promo.below_cost)
        .bind(promo.created_by)
        .bind(now())
        .execute(self.pool())
        .await;
        match inserted {
            Ok(_) => Ok(true),
            Err(e) if is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Every code, newest first.
    pub async fn promos(&self) -> Result<Vec<PromoCode>> {
        Ok(sqlx::query_as::<_, PromoCode>(sqlx::AssertSqlSafe(format!(
            "SELECT {PROMO_COLUMNS} FROM promo_codes ORDER BY created_at DESC, code"
        )))
        .fetch_all(self.pool())
        .await?)
    }

    /// Switches a code off for good; `false` when there is no such code.
    pub async fn switch_promo_off(&self, code: &str) -> Result<bool> {
        let done = sqlx::query("UPDATE promo_codes SET active = 0 WHERE code = ?")
            .bind(code)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

pub async fn promo(conn: &mut SqliteConnection, code: &str) -> Result<Option<PromoCode>> {
    Ok(sqlx::query_as::<_, PromoCode>(sqlx::AssertSqlSafe(format!(
        "SELECT {PROMO_COLUMNS} FROM promo_codes WHERE code = ?"
    )))
    .bind(code)
    .fetch_optional(conn)
    .await?)
}

/// Takes one use of the code, costing `cost_minor`, if one is left and the code is still on at
/// `at`: a single conditional update, so two customers after the last use cannot both get it,
/// and a code switched off or expired since it was checked gives nothing.
pub async fn take_use(conn: &mut SqliteConnection, code: &str, cost_minor: i64, at: i64) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE promo_codes SET uses = uses + 1, cost_minor = cost_minor + ?2
         WHERE code = ?1 AND (max_uses IS NULL OR uses < max_uses)
             AND active = 1 AND (valid_until IS NULL OR valid_until > ?3)",
    )
    .bind(code)
    .bind(cost_minor)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives back a use [`take_use`] took, with its cost.
pub async fn give_back_use(conn: &mut SqliteConnection, code: &str, cost_minor: i64) -> Result<()> {
    sqlx::query(
        "UPDATE promo_codes SET uses = uses - 1, cost_minor = cost_minor - ?2 WHERE code = ?1 AND uses > 0",
    )
    .bind(code)
    .bind(cost_minor)
    .execute(conn)
    .await?;
    Ok(())
}

/// True when the customer has taken this code before, in any way.
pub async fn redeemed_before(conn: &mut SqliteConnection, code: &str, user_id: i64) -> Result<bool> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT 1 FROM promo_redemptions WHERE code = ? AND user_id = ?")
            .bind(code)
            .bind(user_id)
            .fetch_optional(conn)
            .await?
            .is_some(),
    )
}

pub async fn record_redemption(
    conn: &mut SqliteConnection,
    code: &str,
    user_id: i64,
    state: RedemptionState,
    amount_minor: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO promo_redemptions (code, user_id, state, amount_minor, created_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(code)
    .bind(user_id)
    .bind(state.as_str())
    .bind(amount_minor)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// The discount waiting for the customer's next order: its code and percent.
pub async fn attached_discount(conn: &mut SqliteConnection, user_id: i64) -> Result<Option<PromoCode>> {
    Ok(sqlx::query_as::<_, PromoCode>(sqlx::AssertSqlSafe(format!(
        "SELECT {PROMO_COLUMNS} FROM promo_codes WHERE code =
             (SELECT code FROM promo_redemptions WHERE user_id = ? AND state = 'attached')"
    )))
    .bind(user_id)
    .fetch_optional(conn)
    .await?)
}

/// Marks the customer's attached discount as used by `order_id`, which it took `amount_minor` off.
pub async fn consume_discount(
    conn: &mut SqliteConnection,
    code: &str,
    user_id: i64,
    order_id: i64,
    amount_minor: i64,
) -> Result<bool> {
    let done = sqlx::query(
        "UPDATE promo_redemptions SET state = 'consumed', order_id = ?3, amount_minor = ?4
         WHERE code = ?1 AND user_id = ?2 AND state = 'attached'",
    )
    .bind(code)
    .bind(user_id)
    .bind(order_id)
    .bind(amount_minor)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Returns the discount `order_id` used: back on its customer's next order, or, when another
/// discount waits there meanwhile (one at a time), forgotten, so that the customer may enter the
/// code again. Returns the code and what it had taken off, or `None` when the order used none.
pub async fn reattach_discount(conn: &mut SqliteConnection, order_id: i64) -> Result<Option<(String, i64)>> {
    let used: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT code, user_id, amount_minor FROM promo_redemptions
         WHERE order_id = ? AND state = 'consumed'",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((code, user_id, amount_minor)) = used else {
        return Ok(None);
    };
    let statement = if attached_discount(&mut *conn, user_id).await?.is_some() {
        "DELETE FROM promo_redemptions WHERE code = ? AND user_id = ?"
    } else {
        "UPDATE promo_redemptions SET state = 'attached', order_id = NULL, amount_minor = 0
         WHERE code = ? AND user_id = ?"
    };
    sqlx::query(statement)
        .bind(&code)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(Some((code, amount_minor)))
}

/// True when the customer has paid for an order before.
pub async fn has_ordered(conn: &mut SqliteConnection, user_id: i64) -> Result<bool> {
    Ok(sqlx::query_scalar::<_, i64>(
        "SELECT 1 FROM ledger WHERE user_id = ? AND kind = 'order_charge' LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await?
    .is_some())
}

/// Until when the customer may not try another code (unix seconds; past: they may).
pub async fn blocked_until(conn: &mut SqliteConnection, user_id: i64) -> Result<i64> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT blocked_until FROM promo_guesses WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(conn)
            .await?
            .unwrap_or(0),
    )
}

/// Counts a wrong guess; the `limit`-th in a row blocks the customer until `block_until` and
/// starts the count again. Returns the guesses counted so far.
pub async fn count_wrong_guess(
    conn: &mut SqliteConnection,
    user_id: i64,
    limit: i64,
    block_until: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO promo_guesses (user_id, wrong, blocked_until) VALUES (?1, 1, 0)
         ON CONFLICT (user_id) DO UPDATE SET
             wrong = CASE WHEN wrong + 1 >= ?2 THEN 0 ELSE wrong + 1 END,
             blocked_until = CASE WHEN wrong + 1 >= ?2 THEN ?3 ELSE blocked_until END
         RETURNING wrong",
    )
    .bind(user_id)
    .bind(limit)
    .bind(block_until)
    .fetch_one(conn)
    .await?)
}

/// A right code forgives the wrong guesses before it.
pub async fn forget_wrong_guesses(conn: &mut SqliteConnection, user_id: i64) -> Result<()> {
    sqlx::query("UPDATE promo_guesses SET wrong = 0 WHERE user_id = ?")
        .bind(user_id)
        .execute(conn)
        .await?;
    Ok(())
}
