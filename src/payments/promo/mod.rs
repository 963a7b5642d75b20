//! Promo codes: an admin's credit (money once per customer, within the code's use limit) or
//! discount (off the customer's next order). Redeeming is one transaction: the use, the ledger
//! credit and the customer's record of it are written together or not at all. A customer who
//! keeps guessing is slowed down, and the count survives a restart.

pub mod discount;
pub mod terms;

use crate::db::ledger::{self, LedgerKind, Movement};
use crate::db::promo::{self as store, NewPromoRow, RedemptionState};
use crate::db::{Db, now};
use crate::error::{Error, Result};
use terms::NewPromo;

/// Wrong codes in a row before the customer must wait.
pub const WRONG_GUESSES_ALLOWED: i64 = 5;
/// How long they wait then.
pub const GUESS_PAUSE_SECS: i64 = 600;

/// What a customer's code did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    Credited {
        amount_minor: i64,
        balance_minor: i64,
    },
    /// The discount waits for the customer's next order.
    DiscountAttached {
        percent: i64,
    },
    /// No such code.
    Unknown,
    /// Past its last day, or switched off.
    Expired,
    /// Every use is taken.
    UsedUp,
    /// This customer took it before.
    AlreadyRedeemed,
    /// Only for customers who have not ordered yet.
    NotNewCustomer,
    /// Another discount already waits for the next order.
    DiscountWaiting,
    /// Too many wrong codes: no more tries until then (unix seconds).
    SlowedDown {
        until: i64,
    },
}

/// Stores an admin's new code; `false` when one of that name exists.
pub async fn create(db: &Db, promo: &NewPromo, admin_id: i64) -> Result<bool> {
    let valid_until = match promo.until {
        Some(day) => {
            Some(terms::valid_until(day).ok_or_else(|| Error::Internal(format!("date {day} out of range")))?)
        }
        None => None,
    };
    db.create_promo(&NewPromoRow {
        code: &promo.code,
        kind: promo.reward.kind(),
        value: promo.reward.value(),
        max_uses: promo.max_uses,
        valid_until,
        new_customers_only: promo.new_customers_only,
        below_cost: promo.below_cost,
        created_by: admin_id,
    })
    .await
}

/// Redeems what the customer typed as a code.
pub async fn redeem(db: &Db, user_id: i64, typed: &str) -> Result<Redeemed> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let blocked_until = store::blocked_until(&mut tx, user_id).await?;
    if blocked_until > at {
        return Ok(Redeemed::SlowedDown { until: blocked_until });
    }
    let found = match terms::code(Some(typed.trim())) {
        Ok(code) => store::promo(&mut tx, &code).await?,
        Err(_) => None,
    };
    let Some(promo) = found else {
        store::count_wrong_guess(&mut tx, user_id, WRONG_GUESSES_ALLOWED, at + GUESS_PAUSE_SECS).await?;
        let until = store::blocked_until(&mut tx, user_id).await?;
        tx.commit().await?;
        return Ok(if until > at {
            Redeemed::SlowedDown { until }
        } else {
            Redeemed::Unknown
        });
    };
    store::forget_wrong_guesses(&mut tx, user_id).await?;
    let redeemed = take(&mut tx, &promo, user_id, at).await?;
    // A refusal wrote nothing but the forgiven guesses, which stand.
    tx.commit().await?;
    Ok(redeemed)
}

async fn take(
    conn: &mut sqlx::SqliteConnection,
    promo: &store::PromoCode,
    user_id: i64,
    at: i64,
) -> Result<Redeemed> {
    if !promo.active || promo.valid_until.is_some_and(|end| end <= at) {
        return Ok(Redeemed::Expired);
    }
    if store::redeemed_before(conn, &promo.code, user_id).await? {
        return Ok(Redeemed::AlreadyRedeemed);
    }
    if promo.new_customers_only && store::has_ordered(conn, user_id).await? {
        return Ok(Redeemed::NotNewCustomer);
    }
    if promo.max_uses.is_some_and(|max| promo.uses >= max) {
        return Ok(Redeemed::UsedUp);
    }
    if promo.is_discount() {
        if store::attached_discount(conn, user_id).await?.is_some() {
            return Ok(Redeemed::DiscountWaiting);
        }
        store::record_redemption(conn, &promo.code, user_id, RedemptionState::Attached, 0).await?;
        return Ok(Redeemed::DiscountAttached { percent: promo.value });
    }
    // The use is taken by a conditional update in this transaction: of two customers after the
    // last use, the second finds none left.
    if !store::take_use(conn, &promo.code, promo.value, at).await? {
        return Ok(Redeemed::UsedUp);
    }
    let reference = format!("{}:{user_id}", promo.code);
    let credited = ledger::apply(
        conn,
        &Movement {
            user_id,
            kind: LedgerKind::PromoCredit,
            reference: &reference,
            amount_minor: promo.value,
            note: Some(&promo.code),
        },
    )
    .await?
    .map_err(|e| Error::Internal(format!("promo credit {reference} refused: {e}")))?;
    store::record_redemption(conn, &promo.code, user_id, RedemptionState::Credited, promo.value).await?;
    Ok(Redeemed::Credited {
        amount_minor: promo.value,
        balance_minor: credited,
    })
}

#[cfg(test)]
mod tests;

/// For other modules' tests: a discount code entered by a customer.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// The admin creates a code with `/promo` words `args` (shop currency RUB), and `user_id`
    /// enters it.
    pub async fn discount_entered(db: &Db, user_id: i64, args: &str) {
        let currency = crate::money::Currency::parse("RUB").unwrap();
        let terms::PromoCommand::New(new) = terms::parse(args, &currency).unwrap() else {
            panic!("not /promo new: {args}");
        };
        assert!(create(db, &new, 1).await.unwrap());
        let entered = redeem(db, user_id, &new.code).await.unwrap();
        assert!(
            matches!(entered, Redeemed::DiscountAttached { .. }),
            "{entered:?}"
        );
    }

    /// `(uses, cost)` of the newest code.
    pub async fn promo_uses(db: &Db) -> (i64, i64) {
        let promo = db.promos().await.unwrap().remove(0);
        (promo.uses, promo.cost_minor)
    }
}
