//! One concern, kept whole: the money audit — every invariant the ledger, the orders and the
//! payments must keep, checked against the whole database or, cheaply, against what changed
//! since the last audit, in one query.
//! `smmbot audit` prints its findings; the bot audits everything at start and what each poll
//! round's money movements (its refunds, and whatever else moved since) touched after it; each
//! finding is logged at error, counted in `/metrics`, and told to the admins once.

use std::fmt;

use crate::db::Db;
use crate::db::ledger::LedgerKind;
use crate::db::notices::{Notice, enqueue_admins};
use crate::error::Result;
use crate::vocabulary::OrderState;

/// One broken invariant. Its text is one line, and the same finding always reads the same, so
/// admins are told of it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A balance is not the sum of its ledger rows.
    BalanceDrift { user_id: i64, balance: i64, ledger: i64 },
    /// More went back on an order than it was charged.
    OverRefunded {
        order_id: i64,
        charge: i64,
        refunded: i64,
    },
    /// The order's own record of its refunds disagrees with the ledger's.
    RefundRecordDrift {
        order_id: i64,
        recorded: i64,
        ledger: i64,
    },
    /// An order that ended undelivered without its whole charge back and without an admin told.
    ChargeKept {
        order_id: i64,
        state: String,
        charge: i64,
        refunded: i64,
    },
    /// An order whose charge is not exactly one ledger debit of its amount.
    ChargeMismatch {
        order_id: i64,
        charge: i64,
        ledger: i64,
        rows: i64,
    },
    /// A ledger row of an order's kind whose reference names no order (as its kind spells it).
    OrphanOrderMoney { kind: String, reference: String },
    /// A payment's credit is booked other than once, or for another amount.
    PaymentCredit {
        charge_id: String,
        expected: i64,
        ledger: i64,
        rows: i64,
    },
    /// A Stars refund that is not booked as exactly one debit of what its payment credited, or
    /// a debit without a refunded payment.
    PaymentRefund {
        charge_id: String,
        expected: i64,
        ledger: i64,
        rows: i64,
    },
    /// A top-up or a refund of a payment we have no record of.
    OrphanPaymentMoney { kind: String, reference: String },
    /// A Crypto Pay invoice whose credit is not exactly one ledger row of its amount to its
    /// customer when it is paid, or none when it is not.
    CryptoCredit {
        invoice: i64,
        expected: i64,
        ledger: i64,
        rows: i64,
    },
    /// One upstream order carried by more than one of our orders.
    UpstreamBilledTwice {
        provider: String,
        provider_order_id: String,
        orders: String,
    },
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BalanceDrift {
                user_id,
                balance,
                ledger,
            } => write!(
                f,
                "user {user_id}: balance {balance} differs from the sum of their ledger rows {ledger}"
            ),
            Self::OverRefunded {
                order_id,
                charge,
                refunded,
            } => write!(
                f,
                "order {order_id}: refunded {refunded}, more than its charge {charge}"
            ),
            Self::RefundRecordDrift {
                order_id,
                recorded,
                ledger,
            } => write!(
                f,
                "order {order_id}: records {recorded} refunded, the ledger {ledger}"
            ),
            Self::ChargeKept {
                order_id,
                state,
                charge,
                refunded,
            } => write!(
                f,
                "order {order_id}: {state} with {refunded} of its charge {charge} back, and no admin told"
            ),
            Self::ChargeMismatch {
                order_id,
                charge,
                ledger,
                rows,
            } => write!(
                f,
                "order {order_id}: charge {charge}, but {rows} ledger debit(s) of {ledger} in all"
            ),
            Self::OrphanOrderMoney { kind, reference } => {
                write!(f, "ledger {kind} {reference}: belongs to no order")
            }
            Self::PaymentCredit {
                charge_id,
                expected,
                ledger,
                rows,
            } => write!(
                f,
                "payment {charge_id}: credits {expected}, the ledger has {rows} credit(s) of {ledger} in all"
            ),
            Self::PaymentRefund {
                charge_id,
                expected,
                ledger,
                rows,
            } => write!(
                f,
                "payment {charge_id}: refund owes {expected}, the ledger has {rows} debit(s) of {ledger} in all"
            ),
            Self::OrphanPaymentMoney { kind, reference } => {
                write!(f, "ledger {kind} {reference}: no such payment")
            }
            Self::CryptoCredit {
                invoice,
                expected,
                ledger,
                rows,
            } => write!(
                f,
                "crypto invoice {invoice}: credits {expected}, the ledger has {rows} credit(s) of {ledger} to its customer"
            ),
            Self::UpstreamBilledTwice {
                provider,
                provider_order_id,
                orders,
            } => write!(
                f,
                "provider {provider} order {provider_order_id} is billed to our orders {orders}"
            ),
        }
    }
}

/// What an audit looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole database.
    Everything,
    /// The same invariants for what changed: the users, orders, payments and crypto invoices
    /// (row ids) named,
    /// and the ledger rows written after `ledger_after` with the users, orders and payments
    /// they are about — index lookups only, cheap enough to run after every operation.
    Changed {
        ledger_after: i64,
        users: Vec<i64>,
        orders: Vec<i64>,
        payments: Vec<i64>,
        crypto_invoices: Vec<i64>,
    },
}

impl Scope {
    /// What the ledger rows after `ledger_after` are about.
    pub fn since(ledger_after: i64) -> Self {
        Self::Changed {
            ledger_after,
            users: Vec::new(),
            orders: Vec::new(),
            payments: Vec::new(),
            crypto_invoices: Vec::new(),
        }
    }
}

/// The order a ledger row of an order's kind is about: its charge's and its settlement's
/// reference is the order id, an admin's refund's is `<id>:admin`.
const ORDER_OF_REFERENCE: &str = "CAST(CASE WHEN instr(reference, ':') > 0
     THEN substr(reference, 1, instr(reference, ':') - 1) ELSE reference END AS INTEGER)";

/// One violation, as the audit's single query returns it (by position): which invariant, about
/// what (`id` for users and orders, `name` otherwise) and its figures.
#[derive(Debug)]
struct Violation {
    invariant: String,
    id: i64,
    name: String,
    detail: String,
    more: String,
    a: i64,
    b: i64,
    c: i64,
}

impl Violation {
    fn finding(self) -> Finding {
        let Self {
            id,
            name,
            detail,
            more,
            a,
            b,
            c,
            ..
        } = self;
        match self.invariant.as_str() {
            "balance" => Finding::BalanceDrift {
                user_id: id,
                balance: a,
                ledger: b,
            },
            "over_refunded" => Finding::OverRefunded {
                order_id: id,
                charge: a,
                refunded: b,
            },
            "refund_record" => Finding::RefundRecordDrift {
                order_id: id,
                recorded: a,
                ledger: b,
            },
            "charge_kept" => Finding::ChargeKept {
                order_id: id,
                state: detail,
                charge: a,
                refunded: b,
            },
            "charge_mismatch" => Finding::ChargeMismatch {
                order_id: id,
                charge: a,
                ledger: b,
                rows: c,
            },
            "orphan_order" => Finding::OrphanOrderMoney {
                kind: detail,
                reference: name,
            },
            "orphan_payment" => Finding::OrphanPaymentMoney {
                kind: detail,
                reference: name,
            },
            "payment_credit" => Finding::PaymentCredit {
                charge_id: name,
                expected: a,
                ledger: b,
                rows: c,
            },
            "crypto_credit" => Finding::CryptoCredit {
                invoice: id,
                expected: a,
                ledger: b,
                rows: c,
            },
            "payment_refund" => Finding::PaymentRefund {
                charge_id: name,
                expected: a,
                ledger: b,
                rows: c,
            },
            _ => Finding::UpstreamBilledTwice {
                provider: detail,
                provider_order_id: name,
                orders: more,
            },
        }
    }
}

/// Checks every invariant over the whole database; an empty list is a clean bill.
pub async fn run(db: &Db) -> Result<Vec<Finding>> {
    run_in(db, &Scope::Everything).await
}

/// Checks every invariant within `scope`, in one query: each invariant is one arm of it that
/// selects what breaks it.
pub async fn run_in(db: &Db, scope: &Scope) -> Result<Vec<Finding>> {
    let ids = |ids: &[i64]| Some(serde_json::json!(ids).to_string());
    let (users, orders, payments, ledger_after, cryptos) = match scope {
        Scope::Everything => (None, None, None, 0, None),
        Scope::Changed {
            ledger_after,
            users,
            orders,
            payments,
            crypto_invoices,
        } => (
            ids(users),
            ids(orders),
            ids(payments),
            *ledger_after,
            ids(crypto_invoices),
        ),
    };
    type Row = (String, i64, String, String, String, i64, i64, i64);
    let scoped = matches!(scope, Scope::Changed { .. });
    let rows: Vec<Row> = sqlx::query_as(sqlx::AssertSqlSafe(audit_query(scoped)))
        .bind(users)
        .bind(orders)
        .bind(payments)
        .bind(ledger_after)
        .bind(cryptos)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .into_iter()
        .map(|(invariant, id, name, detail, more, a, b, c)| {
            Violation {
                invariant,
                id,
                name,
                detail,
                more,
                a,
                b,
                c,
            }
            .finding()
        })
        .collect())
}

/// The audit's query. Parameters: `?1` users, `?2` orders, `?3` payments (JSON arrays of ids;
/// NULL for all), `?4` the ledger row after which rows are new, `?5` crypto invoices (like ?1). Within a scope, the rows named
/// and those the new ledger rows are about are looked up by id; nothing is scanned.
fn audit_query(scoped: bool) -> String {
    let (charge, refund) = (LedgerKind::OrderCharge.as_str(), LedgerKind::OrderRefund.as_str());
    let (topup, stars_refund) = (LedgerKind::StarsTopup.as_str(), LedgerKind::StarsRefund.as_str());
    let crypto = LedgerKind::CryptoTopup.as_str();
    // `+kind` keeps SQLite on the rowid range of the new rows, not an index of all rows.
    let within = |column: &str, param: u8, about_new_rows: &str| {
        if scoped {
            format!("({column} IN (SELECT value FROM json_each(?{param})) OR {column} IN ({about_new_rows}))")
        } else {
            format!("?{param} IS NULL")
        }
    };
    let orders_of_new_rows = format!(
        "SELECT {ORDER_OF_REFERENCE} FROM ledger WHERE id > ?4 AND +kind IN ('{charge}', '{refund}')"
    );
    let orders = within("o.id", 2, &orders_of_new_rows);
    let payments = within(
        "p.id",
        3,
        &format!(
            "SELECT q.id FROM payments q WHERE q.charge_id IN
                 (SELECT reference FROM ledger WHERE id > ?4 AND +kind IN ('{topup}', '{stars_refund}'))"
        ),
    );
    let cryptos = within(
        "c.id",
        5,
        &format!("SELECT CAST(reference AS INTEGER) FROM ledger WHERE id > ?4 AND +kind = '{crypto}'"),
    );
    // Each balance is the sum of its ledger rows. Within a scope the same is checked by
    // induction: every new row follows from the one before it, and each balance is its last
    // row's — which, the rows before having summed up, is their sum.
    let balances = if scoped {
        let users = within("u.id", 1, "SELECT user_id FROM ledger WHERE id > ?4");
        format!(
            "SELECT 'balance', u.id, '', '', '', u.balance_minor,
                    COALESCE((SELECT balance_after_minor FROM ledger l WHERE l.user_id = u.id
                              ORDER BY l.id DESC LIMIT 1), 0) AS last, 0
             FROM users u WHERE {users} AND u.balance_minor != last
             UNION ALL
             SELECT 'balance', l.user_id, '', '', '', l.balance_after_minor,
                    COALESCE((SELECT p.balance_after_minor FROM ledger p
                              WHERE p.user_id = l.user_id AND p.id < l.id
                              ORDER BY p.id DESC LIMIT 1), 0) + l.amount_minor AS summed, 0
             FROM ledger l WHERE l.id > ?4 AND l.balance_after_minor != summed"
        )
    } else {
        "SELECT 'balance', u.id, '', '', '', u.balance_minor, COALESCE(t.total, 0), 0
         FROM users u LEFT JOIN (SELECT user_id, SUM(amount_minor) AS total FROM ledger
                                 GROUP BY user_id) t ON t.user_id = u.id
         WHERE ?1 IS NULL AND u.balance_minor != COALESCE(t.total, 0)"
            .to_string()
    };
    let undelivered = [
        OrderState::Rejected,
        OrderState::Refunded,
        OrderState::Failed,
        OrderState::Canceled,
    ]
    .map(|s| format!("'{}'", s.as_str()))
    .join(", ");
    format!(
        "WITH order_money AS MATERIALIZED (
             SELECT o.id, o.state, o.charge_minor AS charge, o.refunded_minor AS recorded,
                    (SELECT COALESCE(SUM(amount_minor), 0) FROM ledger
                     WHERE kind = '{refund}' AND reference IN (CAST(o.id AS TEXT), o.id || ':admin')) AS refunded,
                    (SELECT COALESCE(SUM(amount_minor), 0) FROM ledger
                     WHERE kind = '{charge}' AND reference = CAST(o.id AS TEXT)) AS debited,
                    (SELECT COUNT(*) FROM ledger
                     WHERE kind = '{charge}' AND reference = CAST(o.id AS TEXT)) AS debits,
                    -- The attention notices' keys 'attention:<id>:…', a range of the unique index.
                    EXISTS (SELECT 1 FROM notifications n
                            WHERE n.dedupe_key >= 'attention:' || o.id || ':'
                              AND n.dedupe_key < 'attention:' || o.id || ';') AS admins_told
             FROM orders o WHERE {orders}
         ),
         payment_money AS MATERIALIZED (
             SELECT p.charge_id,
                    CASE WHEN p.credited_at IS NOT NULL THEN p.credited_minor ELSE 0 END AS owed_credit,
                    (SELECT COALESCE(SUM(amount_minor), 0) FROM ledger
                     WHERE kind = '{topup}' AND reference = p.charge_id) AS credited,
                    (SELECT COUNT(*) FROM ledger WHERE kind = '{topup}' AND reference = p.charge_id) AS credits,
                    CASE WHEN p.refunded_at IS NOT NULL AND p.credited_at IS NOT NULL
                         THEN -p.credited_minor ELSE 0 END AS owed_refund,
                    (SELECT COALESCE(SUM(amount_minor), 0) FROM ledger
                     WHERE kind = '{stars_refund}' AND reference = p.charge_id) AS debited,
                    (SELECT COUNT(*) FROM ledger
                     WHERE kind = '{stars_refund}' AND reference = p.charge_id) AS debits
             FROM payments p WHERE {payments}
         ),
         crypto_money AS MATERIALIZED (
             SELECT c.id, CASE WHEN c.status = 'paid' THEN c.amount_minor ELSE 0 END AS owed,
                    (SELECT COALESCE(SUM(amount_minor), 0) FROM ledger
                     WHERE kind = '{crypto}' AND reference = CAST(c.id AS TEXT)
                       AND user_id = c.user_id) AS credited,
                    (SELECT COUNT(*) FROM ledger
                     WHERE kind = '{crypto}' AND reference = CAST(c.id AS TEXT)) AS credits
             FROM crypto_invoices c WHERE {cryptos}
         )
         {balances}
         -- The money refunded on one order, by anyone, never exceeds its charge.
         UNION ALL
         SELECT 'over_refunded', id, '', '', '', charge, MAX(refunded, recorded), 0
         FROM order_money WHERE MAX(refunded, recorded) > charge
         UNION ALL
         SELECT 'refund_record', id, '', '', '', recorded, refunded, 0
         FROM order_money WHERE refunded != recorded
         -- An order that ended undelivered has its charge back, or an admin was told.
         UNION ALL
         SELECT 'charge_kept', id, '', state, '', charge, recorded, 0
         FROM order_money WHERE state IN ({undelivered}) AND recorded < charge AND NOT admins_told
         -- Every order is paid by exactly one debit of its charge.
         UNION ALL
         SELECT 'charge_mismatch', id, '', '', '', charge, debited, debits
         FROM order_money WHERE debits != 1 OR debited != -charge
         -- Every order's or payment's money has its order or payment.
         UNION ALL
         SELECT CASE WHEN kind IN ('{charge}', '{refund}') THEN 'orphan_order' ELSE 'orphan_payment' END,
                0, reference, kind, '', 0, 0, 0
         FROM ledger
         WHERE id > ?4 AND (
             (+kind IN ('{charge}', '{refund}')
              AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = {ORDER_OF_REFERENCE}
                  AND reference IN (CAST(o.id AS TEXT),
                                    CASE WHEN kind = '{refund}' THEN o.id || ':admin' END)))
             OR (+kind IN ('{topup}', '{stars_refund}')
                 AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.charge_id = ledger.reference))
             OR (+kind = '{crypto}'
                 AND NOT EXISTS (SELECT 1 FROM crypto_invoices c
                                 WHERE c.id = CAST(ledger.reference AS INTEGER)
                                   AND CAST(c.id AS TEXT) = ledger.reference)))
         -- A payment is credited once (when its credit is booked) and refunded once (when it is).
         UNION ALL
         SELECT 'payment_credit', 0, charge_id, '', '', owed_credit, credited, credits
         FROM payment_money WHERE credited != owed_credit OR credits != (owed_credit != 0)
         UNION ALL
         SELECT 'payment_refund', 0, charge_id, '', '', owed_refund, debited, debits
         FROM payment_money WHERE debited != owed_refund OR debits != (owed_refund != 0)
         -- A crypto invoice is credited once, its amount to its customer, when it is paid.
         UNION ALL
         SELECT 'crypto_credit', id, '', '', '', owed, credited, credits
         FROM crypto_money WHERE credited != owed OR credits != (owed != 0)
         -- One upstream order is billed to one of our orders.
         UNION ALL
         SELECT 'billed_twice', 0, n.provider_order_id, n.provider,
                (SELECT group_concat(d.id, ',') FROM orders d
                 WHERE d.provider = n.provider AND d.provider_order_id = n.provider_order_id),
                0, 0, 0
         FROM orders n
         WHERE {twice} AND n.provider_order_id IS NOT NULL
           AND (SELECT COUNT(*) FROM orders d
                WHERE d.provider = n.provider AND d.provider_order_id = n.provider_order_id) > 1
         GROUP BY n.provider, n.provider_order_id",
        twice = within("n.id", 2, &orders_of_new_rows),
    )
}

/// The newest ledger row: a scope's `ledger_after` for the next audit.
pub async fn last_ledger_row(db: &Db) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM ledger")
        .fetch_one(db.pool())
        .await?)
}

/// Runs the audit within `scope` and reports what it found: each finding logged at error and
/// told to the admins once (its text is its key). Returns how many there are, for `/metrics`.
pub async fn run_and_report(db: &Db, admins: &[u64], scope: &Scope) -> Result<usize> {
    let findings = run_in(db, scope).await?;
    if findings.is_empty() {
        return Ok(0);
    }
    let mut tx = db.begin_write().await?;
    for finding in &findings {
        let finding = finding.to_string();
        tracing::error!(%finding, "money audit finding");
        let notice = Notice::AuditFinding {
            finding: finding.clone(),
        };
        enqueue_admins(&mut tx, admins, &format!("audit:{finding}"), &notice).await?;
    }
    tx.commit().await?;
    Ok(findings.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::ledger::Movement;
    use crate::db::testing::{customer, temp_db};

    /// A customer with 1000, one service, and an order of 400 they paid for, as `placed`.
    async fn shop() -> (Db, tempfile::TempDir) {
        let (db, dir) = temp_db().await;
        customer(&db, 7).await;
        for statement in [
            "INSERT INTO categories (id, name) VALUES (1, 'C')",
            "INSERT INTO services (id, provider, provider_service_id, category_id, name, kind, link_rule,
                 rate, unit_items, min_quantity, max_quantity, synced_at)
             VALUES (1, 'p', '1', 1, 'S', 'default', 'any_url', '1', 1000, 1, 10, 0)",
            "INSERT INTO orders (id, user_id, service_id, provider, provider_service_id, request_key, link,
                 quantity, charge_minor, provider_order_id, state, created_at, updated_at)
             VALUES (1, 7, 1, 'p', '1', 'k1', 'l', 10, 400, 'u1', 'placed', 0, 0)",
        ] {
            sqlx::query(statement).execute(db.pool()).await.unwrap();
        }
        book(
            &db,
            &[
                (LedgerKind::AdminCredit, "m", 1000),
                (LedgerKind::OrderCharge, "1", -400),
            ],
        )
        .await;
        (db, dir)
    }

    /// Books each `(kind, reference, amount)` for the customer, through the ledger.
    async fn book(db: &Db, movements: &[(LedgerKind, &str, i64)]) {
        for &(kind, reference, amount_minor) in movements {
            let movement = Movement {
                user_id: 7,
                kind,
                reference,
                amount_minor,
                note: None,
            };
            db.apply_movement(&movement).await.unwrap().unwrap();
        }
    }

    async fn execute(db: &Db, statements: &[&'static str]) {
        for statement in statements {
            sqlx::query(*statement).execute(db.pool()).await.unwrap();
        }
    }

    /// What the ledger rows after `after` touched, and order 1.
    fn narrow(after: i64) -> Scope {
        Scope::Changed {
            ledger_after: after,
            users: Vec::new(),
            orders: vec![1],
            payments: Vec::new(),
            crypto_invoices: Vec::new(),
        }
    }

    #[tokio::test]
    async fn a_sound_shop_has_no_findings() {
        let (db, _dir) = shop().await;
        assert_eq!(run(&db).await.unwrap(), []);
        assert_eq!(run_in(&db, &narrow(0)).await.unwrap(), []);
    }

    #[tokio::test]
    async fn order_money_that_breaks_a_rule_is_found_in_full_and_in_scope() {
        let (db, _dir) = shop().await;
        let before = last_ledger_row(&db).await.unwrap();
        // Refunded twice over by two hands, and settled as rejected without the rest back.
        book(
            &db,
            &[
                (LedgerKind::OrderRefund, "1", 300),
                (LedgerKind::OrderRefund, "1:admin", 300),
            ],
        )
        .await;
        execute(
            &db,
            &["UPDATE orders SET state = 'rejected', refunded_minor = 300 WHERE id = 1"],
        )
        .await;
        let expected = vec![
            Finding::OverRefunded {
                order_id: 1,
                charge: 400,
                refunded: 600,
            },
            Finding::RefundRecordDrift {
                order_id: 1,
                recorded: 300,
                ledger: 600,
            },
            Finding::ChargeKept {
                order_id: 1,
                state: "rejected".into(),
                charge: 400,
                refunded: 300,
            },
        ];
        assert_eq!(run(&db).await.unwrap(), expected);
        // The new ledger rows bring the order into a scope that did not name it.
        assert_eq!(run_in(&db, &Scope::since(before)).await.unwrap(), expected);
        // A scope after those rows, naming nothing, sees nothing.
        let newest = last_ledger_row(&db).await.unwrap();
        assert_eq!(run_in(&db, &Scope::since(newest)).await.unwrap(), []);
    }

    #[tokio::test]
    async fn an_order_whose_refund_record_was_tampered_with_is_found() {
        let (db, _dir) = shop().await;
        book(&db, &[(LedgerKind::OrderRefund, "1", 150)]).await;
        execute(&db, &["UPDATE orders SET refunded_minor = 150 WHERE id = 1"]).await;
        assert_eq!(run(&db).await.unwrap(), [], "record and ledger agree");
        // The record alone changed: no money moved, so only a scope naming the order sees it.
        execute(&db, &["UPDATE orders SET refunded_minor = 0 WHERE id = 1"]).await;
        let expected = vec![Finding::RefundRecordDrift {
            order_id: 1,
            recorded: 0,
            ledger: 150,
        }];
        assert_eq!(run(&db).await.unwrap(), expected);
        let newest = last_ledger_row(&db).await.unwrap();
        assert_eq!(run_in(&db, &narrow(newest)).await.unwrap(), expected);
        assert_eq!(
            expected[0].to_string(),
            "order 1: records 0 refunded, the ledger 150"
        );
    }

    #[tokio::test]
    async fn money_without_its_order_or_payment_and_shared_upstream_orders_are_found() {
        let (db, _dir) = shop().await;
        execute(
            &db,
            &[
                // A second order carrying the first one's upstream id, paid twice.
                "INSERT INTO orders (id, user_id, service_id, provider, provider_service_id, request_key,
                     link, quantity, charge_minor, provider_order_id, state, created_at, updated_at)
                 VALUES (2, 7, 1, 'p', '1', 'k2', 'l', 10, 100, 'u1', 'placed', 0, 0)",
                // A payment marked credited whose credit is not in the ledger.
                "INSERT INTO payments (charge_id, user_id, stars, credited_minor, payload, paid_at, credited_at)
                 VALUES ('c1', 7, 10, 50, 'x', 0, 0)",
            ],
        )
        .await;
        book(
            &db,
            &[
                (LedgerKind::OrderCharge, "2", -100),
                (LedgerKind::OrderCharge, "2:again", -100),
                (LedgerKind::StarsTopup, "nobody", 10),
            ],
        )
        .await;
        let findings = run(&db).await.unwrap();
        for expected in [
            Finding::PaymentCredit {
                charge_id: "c1".into(),
                expected: 50,
                ledger: 0,
                rows: 0,
            },
            Finding::OrphanPaymentMoney {
                kind: "stars_topup".into(),
                reference: "nobody".into(),
            },
            Finding::UpstreamBilledTwice {
                provider: "p".into(),
                provider_order_id: "u1".into(),
                orders: "1,2".into(),
            },
        ] {
            assert!(findings.contains(&expected), "{expected} not in {findings:#?}");
        }
        // "2:again" is spelled like an admin's refund of order 2, but a charge's reference is
        // the order id alone: a second debit no order accounts for.
        assert!(
            findings.contains(&Finding::OrphanOrderMoney {
                kind: "order_charge".into(),
                reference: "2:again".into(),
            }),
            "{findings:#?}"
        );
    }

    #[tokio::test]
    async fn a_balance_moved_behind_the_ledger_is_found() {
        let (db, _dir) = shop().await;
        execute(
            &db,
            &[
                "DROP TRIGGER balance_moves_only_with_ledger",
                "UPDATE users SET balance_minor = 5000 WHERE id = 7",
            ],
        )
        .await;
        let drift = Finding::BalanceDrift {
            user_id: 7,
            balance: 5000,
            ledger: 600,
        };
        assert_eq!(run(&db).await.unwrap(), std::slice::from_ref(&drift));
        let named = Scope::Changed {
            ledger_after: last_ledger_row(&db).await.unwrap(),
            users: vec![7],
            orders: Vec::new(),
            payments: Vec::new(),
            crypto_invoices: Vec::new(),
        };
        assert_eq!(run_in(&db, &named).await.unwrap(), [drift]);
    }

    #[tokio::test]
    async fn crypto_credits_that_break_a_rule_are_found_in_full_and_in_scope() {
        let (db, _dir) = shop().await;
        execute(
            &db,
            &[
                // Paid without its credit; credited without being paid; paid and credited.
                "INSERT INTO crypto_invoices (id, user_id, amount_minor, fiat, status, invoice_id, expires_at,
                     created_at, paid_at) VALUES (1, 7, 500, 'USD', 'paid', 11, 0, 0, 0)",
                "INSERT INTO crypto_invoices (id, user_id, amount_minor, fiat, status, invoice_id, expires_at,
                     created_at) VALUES (2, 7, 300, 'USD', 'active', 12, 0, 0)",
                "INSERT INTO crypto_invoices (id, user_id, amount_minor, fiat, status, invoice_id, expires_at,
                     created_at, paid_at) VALUES (3, 7, 200, 'USD', 'paid', 13, 0, 0, 0)",
            ],
        )
        .await;
        let before = last_ledger_row(&db).await.unwrap();
        book(
            &db,
            &[
                (LedgerKind::CryptoTopup, "2", 300),
                (LedgerKind::CryptoTopup, "3", 200),
                (LedgerKind::CryptoTopup, "99", 10),
            ],
        )
        .await;
        let unpaid_credit = Finding::CryptoCredit {
            invoice: 2,
            expected: 0,
            ledger: 300,
            rows: 1,
        };
        let orphan = Finding::OrphanPaymentMoney {
            kind: "crypto_topup".into(),
            reference: "99".into(),
        };
        let uncredited = Finding::CryptoCredit {
            invoice: 1,
            expected: 500,
            ledger: 0,
            rows: 0,
        };
        let findings = run(&db).await.unwrap();
        for expected in [&unpaid_credit, &orphan, &uncredited] {
            assert!(findings.contains(expected), "{expected} not in {findings:#?}");
        }
        assert_eq!(findings.len(), 3, "{findings:#?}");
        // In scope: the new ledger rows bring their invoices in; invoice 1 only when named.
        let scoped = run_in(&db, &Scope::since(before)).await.unwrap();
        assert!(
            scoped.contains(&unpaid_credit) && scoped.contains(&orphan),
            "{scoped:#?}"
        );
        assert!(!scoped.contains(&uncredited), "{scoped:#?}");
        let named = Scope::Changed {
            ledger_after: last_ledger_row(&db).await.unwrap(),
            users: Vec::new(),
            orders: Vec::new(),
            payments: Vec::new(),
            crypto_invoices: vec![1],
        };
        assert_eq!(run_in(&db, &named).await.unwrap(), [uncredited]);
    }
}
