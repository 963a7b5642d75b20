//! Referrals: a customer's personal code, who brought whom, and the commissions paid on the
//! orders of the customers they brought — credited through the ledger once per order and level
//! (reference `<order id>:<level>`), in the transaction that settles the order.

use sqlx::{FromRow, SqliteConnection};

use super::ledger::{self, LedgerError, LedgerKind, Movement};
use super::notices::{Notice, enqueue};
use super::{Db, now};
use crate::config::ReferralRates;
use crate::error::{Error, Result};
use crate::vocabulary::OrderState;

/// The `shop_settings` keys of the two levels' rates, in basis points; written from the
/// configuration at startup so that the transactions settling orders read them.
const RATE_KEYS: [&str; 2] = ["referral_rate_bp_1", "referral_rate_bp_2"];

/// How a referral start went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attached {
    /// The newcomer now belongs to this referrer.
    To(i64),
    /// Nothing changed: unknown code, one's own, or a customer who used the bot before.
    Not,
}

/// What a customer's referrals add up to.
#[derive(Debug, Clone, Default, PartialEq, Eq, FromRow)]
pub struct ReferralSummary {
    pub referrer_id: Option<i64>,
    pub joined: i64,
    /// Commissions paid minus what admin refunds took back.
    pub earned_minor: i64,
}

/// One level's commission on one order, as paid.
#[derive(Debug, FromRow)]
struct Paid {
    rate_bp: i64,
    paid_minor: i64,
    reversed_minor: i64,
    unrecovered_minor: i64,
}

/// The commission on `kept_minor` at `rate_bp`, rounded down: never more than the rate.
pub fn commission(kept_minor: i64, rate_bp: i64) -> i64 {
    let due = i128::from(kept_minor.max(0)) * i128::from(rate_bp.max(0)) / 10_000;
    i64::try_from(due).unwrap_or(0)
}

fn reference(order_id: i64, level: i64) -> String {
    format!("{order_id}:{level}")
}

impl Db {
    pub async fn set_referral_rates(&self, rates: ReferralRates) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for (key, rate) in RATE_KEYS.iter().zip([rates.first, rates.second]) {
            sqlx::query(
                "INSERT INTO shop_settings (key, value, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(rate.map_or(String::new(), |r| r.to_string()))
            .bind(now())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The customer's personal code, made (random, not derivable from the id) on first use.
    pub async fn referral_code(&self, user_id: i64) -> Result<String> {
        loop {
            let made = sqlx::query_scalar::<_, String>(
                "UPDATE users SET referral_code = COALESCE(referral_code, lower(hex(randomblob(6))))
                 WHERE id = ? RETURNING referral_code",
            )
            .bind(user_id)
            .fetch_optional(self.pool())
            .await;
            match made {
                Ok(Some(code)) => return Ok(code),
                Ok(None) => {
                    return Err(Error::Internal(format!(
                        "referral code of unknown user {user_id}"
                    )));
                }
                // Two equal random codes: draw again.
                Err(e) if super::is_unique_violation(&e) => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Notes the customer's /start; on their first one, with `code` of someone else, attaches
    /// them to that referrer, for good. A customer with money or orders on record, or who
    /// started before, is never attached.
    pub async fn note_start(&self, user_id: i64, code: Option<&str>) -> Result<Attached> {
        let mut tx = self.begin_write().await?;
        let referrer: Option<i64> = match code {
            Some(code) => {
                sqlx::query_scalar("SELECT id FROM users WHERE referral_code = ? AND id != ?")
                    .bind(code.trim().to_ascii_lowercase())
                    .bind(user_id)
                    .fetch_optional(&mut *tx)
                    .await?
            }
            None => None,
        };
        let attached = sqlx::query(
            "UPDATE users SET referrer_id = ?2
             WHERE id = ?1 AND ?2 IS NOT NULL AND started_at IS NULL AND referrer_id IS NULL
               AND NOT EXISTS (SELECT 1 FROM ledger WHERE user_id = ?1)
               AND NOT EXISTS (SELECT 1 FROM orders WHERE user_id = ?1)",
        )
        .bind(user_id)
        .bind(referrer)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        sqlx::query("UPDATE users SET started_at = COALESCE(started_at, ?2) WHERE id = ?1")
            .bind(user_id)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(match referrer {
            Some(referrer) if attached => Attached::To(referrer),
            _ => Attached::Not,
        })
    }

    /// Who brought the customer, how many they brought, and what that earned them.
    pub async fn referral_summary(&self, user_id: i64) -> Result<ReferralSummary> {
        Ok(sqlx::query_as::<_, ReferralSummary>(
            "SELECT u.referrer_id,
                    (SELECT COUNT(*) FROM users r WHERE r.referrer_id = u.id) AS joined,
                    (SELECT COALESCE(SUM(paid_minor - reversed_minor), 0) FROM referral_commissions c
                     WHERE c.referrer_id = u.id) AS earned_minor
             FROM users u WHERE u.id = ?",
        )
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?
        .unwrap_or_default())
    }

    /// The customers this one brought, newest first.
    pub async fn referees(&self, user_id: i64, limit: i64) -> Result<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM users WHERE referrer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
        )
        .bind(user_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    /// All commissions paid, net of what was taken back, and what could not be taken back.
    pub async fn referral_totals(&self) -> Result<(i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT COALESCE(SUM(paid_minor - reversed_minor), 0), COALESCE(SUM(unrecovered_minor), 0)
             FROM referral_commissions",
        )
        .fetch_one(self.pool())
        .await?)
    }
}

/// Brings the referral commissions of an order in line with what its customer kept paid, inside
/// the caller's transaction: to be called wherever an order ends or money of it is refunded.
/// Before the order ends, nothing. When it ends, each level's referrer is credited its rate of
/// the kept charge, once. When an admin refund comes after that, the difference is taken back,
/// once, as far as the referrer's balance goes; the rest is recorded as unrecovered. Returns what
/// could not be taken back now.
pub async fn settle_commissions(conn: &mut SqliteConnection, order_id: i64) -> Result<i64> {
    let Some((user_id, state, charge_minor, refunded_minor)) = sqlx::query_as::<_, (i64, String, i64, i64)>(
        "SELECT user_id, state, charge_minor, refunded_minor FROM orders WHERE id = ?",
    )
    .bind(order_id)
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Err(Error::Internal(format!("commission of unknown order {order_id}")));
    };
    if !OrderState::from_db(&state).is_terminal() {
        return Ok(0);
    }
    let kept_minor = charge_minor - refunded_minor;
    let mut unrecovered = 0;
    let mut customer = user_id;
    for (level, key) in (1_i64..).zip(RATE_KEYS) {
        let referrer: Option<i64> = sqlx::query_scalar("SELECT referrer_id FROM users WHERE id = ?")
            .bind(customer)
            .fetch_one(&mut *conn)
            .await?;
        let Some(referrer) = referrer else { break };
        let paid = sqlx::query_as::<_, Paid>(
            "SELECT rate_bp, paid_minor, reversed_minor, unrecovered_minor FROM referral_commissions
             WHERE order_id = ? AND level = ?",
        )
        .bind(order_id)
        .bind(level)
        .fetch_optional(&mut *conn)
        .await?;
        match paid {
            None => pay(conn, order_id, level, referrer, key, kept_minor).await?,
            Some(paid) => {
                unrecovered += take_back(conn, order_id, level, referrer, &paid, kept_minor).await?
            }
        }
        customer = referrer;
    }
    Ok(unrecovered)
}

async fn pay(
    conn: &mut SqliteConnection,
    order_id: i64,
    level: i64,
    referrer: i64,
    rate_key: &str,
    kept_minor: i64,
) -> Result<()> {
    let rate: Option<String> = sqlx::query_scalar("SELECT value FROM shop_settings WHERE key = ?")
        .bind(rate_key)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(rate_bp) = rate.and_then(|r| r.parse::<i64>().ok()).filter(|r| *r > 0) else {
        return Ok(());
    };
    let amount_minor = commission(kept_minor, rate_bp);
    if amount_minor == 0 {
        return Ok(());
    }
    let reference = reference(order_id, level);
    let movement = Movement {
        user_id: referrer,
        kind: LedgerKind::ReferralCommission,
        reference: &reference,
        amount_minor,
        note: None,
    };
    let balance_minor = match ledger::apply(conn, &movement).await? {
        Ok(balance) => balance,
        Err(LedgerError::AlreadyApplied) => return Ok(()),
        Err(e) => return Err(Error::Internal(format!("commission on order {order_id}: {e}"))),
    };
    sqlx::query(
        "INSERT INTO referral_commissions (order_id, level, referrer_id, rate_bp, paid_minor, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(order_id)
    .bind(level)
    .bind(referrer)
    .bind(rate_bp)
    .bind(amount_minor)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    let notice = Notice::ReferralEarned {
        level,
        amount_minor,
        balance_minor,
    };
    enqueue(conn, referrer, &format!("referral:{reference}"), &notice).await?;
    Ok(())
}

/// Takes back what a later refund made too much, once per order and level; returns the part
/// the referrer's balance could not cover (recorded, never taken below zero).
async fn take_back(
    conn: &mut SqliteConnection,
    order_id: i64,
    level: i64,
    referrer: i64,
    paid: &Paid,
    kept_minor: i64,
) -> Result<i64> {
    let excess =
        paid.paid_minor - commission(kept_minor, paid.rate_bp) - paid.reversed_minor - paid.unrecovered_minor;
    if excess <= 0 {
        return Ok(0);
    }
    let balance: i64 = sqlx::query_scalar("SELECT balance_minor FROM users WHERE id = ?")
        .bind(referrer)
        .fetch_one(&mut *conn)
        .await?;
    let taken = excess.min(balance.max(0));
    if taken > 0 {
        let reference = reference(order_id, level);
        let movement = Movement {
            user_id: referrer,
            kind: LedgerKind::ReferralReversal,
            reference: &reference,
            amount_minor: -taken,
            note: None,
        };
        match ledger::apply(conn, &movement).await? {
            Ok(_) => {}
            Err(LedgerError::AlreadyApplied) => return Ok(0),
            Err(e) => {
                return Err(Error::Internal(format!(
                    "commission reversal on order {order_id}: {e}"
                )));
            }
        }
    }
    sqlx::query(
        "UPDATE referral_commissions SET reversed_minor = reversed_minor + ?, unrecovered_minor = unrecovered_minor + ?
         WHERE order_id = ? AND level = ?",
    )
    .bind(taken)
    .bind(excess - taken)
    .bind(order_id)
    .bind(level)
    .execute(&mut *conn)
    .await?;
    Ok(excess - taken)
}

#[cfg(test)]
mod tests;
