//! Admin reporting as figures: users, orders, revenue, provider cost and profit, best sellers,
//! and the daily series the chart draws. No Telegram here.
//!
//! Days are UTC days; "7 days" is today and the six days before it. An order counts on the day
//! it was placed, together with whatever was refunded on it later, so a period's revenue is what
//! its orders finally brought in: charges minus refunds. Orders the provider rejected are left
//! out: their charge came straight back and nothing was bought.

pub mod providers;
pub mod sync;

use std::collections::HashMap;
use std::str::FromStr;

use rust_decimal::Decimal;
use sqlx::FromRow;

use crate::db::Db;
use crate::db::ledger::LedgerKind;
use crate::error::Result;
use crate::money::Currency;
use crate::vocabulary::OrderState;

pub const DAY_SECS: i64 = 86_400;
/// The periods `/stats` reports, in days, each ending today.
pub const PERIODS: [u32; 3] = [1, 7, 30];
/// Days in the daily series, ending today.
pub const CHART_DAYS: u32 = 30;
/// How many best sellers are listed.
const TOP_SERVICES: usize = 5;

/// Shop-currency units per one unit of a provider currency, keyed by currency code.
pub type ExchangeRates = HashMap<String, Decimal>;

/// Everything `/stats` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub users_total: i64,
    /// One per entry of [`PERIODS`], in that order.
    pub periods: Vec<PeriodFigures>,
    /// Best sellers by revenue over the longest period.
    pub top_services: Vec<TopService>,
    /// [`CHART_DAYS`] days, oldest first, today last.
    pub daily: Vec<DayFigures>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PeriodFigures {
    pub days: u32,
    /// Users who first opened the bot in the period.
    pub new_users: i64,
    /// Users who wrote to the bot or tapped a button in the period.
    pub active_users: i64,
    pub sales: Sales,
    pub money_in: MoneyIn,
}

/// What customers' balances took in over a period, by the way it came: net of the refunds of
/// those payments and of admins' corrections, in shop-currency minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MoneyIn {
    pub stars_minor: i64,
    pub crypto_minor: i64,
    /// Credited (less debited) by admins by hand.
    pub admin_minor: i64,
}

impl MoneyIn {
    /// The ledger kinds of each way money comes in, in the order of the fields.
    const KINDS: [&[LedgerKind]; 3] = [
        &[LedgerKind::StarsTopup, LedgerKind::StarsRefund],
        &[LedgerKind::CryptoTopup],
        &[LedgerKind::AdminCredit, LedgerKind::AdminDebit],
    ];

    async fn load(db: &Db, since: i64) -> Result<Self> {
        let mut totals = [0i64; 3];
        for (total, kinds) in totals.iter_mut().zip(Self::KINDS) {
            let placeholders = vec!["?"; kinds.len()].join(", ");
            let sql = format!(
                "SELECT COALESCE(SUM(amount_minor), 0) FROM ledger
                 WHERE created_at >= ? AND kind IN ({placeholders})"
            );
            let mut query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql)).bind(since);
            for kind in kinds {
                query = query.bind(kind.as_str());
            }
            *total = query.fetch_one(db.pool()).await?;
        }
        let [stars_minor, crypto_minor, admin_minor] = totals;
        Ok(Self {
            stars_minor,
            crypto_minor,
            admin_minor,
        })
    }
}

/// Orders and money over some stretch of time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sales {
    pub orders: u32,
    /// Charges minus refunds, in shop-currency minor units.
    pub revenue_minor: i64,
    /// What the provider charged us for the orders whose charge we know, in the shop currency,
    /// exact (rounded only when shown).
    known_cost: Decimal,
    /// Revenue from just those orders, so that profit compares like with like.
    revenue_with_known_cost_minor: i64,
    /// Orders whose cost is not known: the provider has not reported its charge yet, or charged
    /// in a currency we have no exchange rate for.
    pub orders_without_cost: u32,
}

impl Sales {
    fn add(&mut self, order: &SoldOrder, cost: Option<Decimal>) {
        let revenue = order.charge_minor - order.refunded_minor;
        self.orders += 1;
        self.revenue_minor += revenue;
        match cost {
            Some(cost) => {
                self.known_cost += cost;
                self.revenue_with_known_cost_minor += revenue;
            }
            None => self.orders_without_cost += 1,
        }
    }

    /// The provider cost of the orders whose cost is known, rounded up to the minor unit (a cost
    /// is never shown smaller than it is); `None` when no order's cost is known.
    pub fn cost_minor(&self, shop_currency: &Currency) -> Option<i64> {
        if self.orders_without_cost == self.orders && self.orders > 0 {
            return None;
        }
        shop_currency.round_up(self.known_cost)
    }

    /// Revenue minus cost over the orders whose cost is known.
    pub fn profit_minor(&self, shop_currency: &Currency) -> Option<i64> {
        Some(self.revenue_with_known_cost_minor - self.cost_minor(shop_currency)?)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct TopService {
    pub name: String,
    pub orders: u32,
    pub revenue_minor: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayFigures {
    /// Unix time of the day's start (UTC midnight).
    pub starts_at: i64,
    pub orders: u32,
    pub revenue_minor: i64,
    /// As [`Sales::cost_minor`] and [`Sales::profit_minor`] for the day.
    pub cost_minor: Option<i64>,
    pub profit_minor: Option<i64>,
}

/// One order as the figures need it.
#[derive(Debug, Clone, FromRow)]
struct SoldOrder {
    created_at: i64,
    service_id: i64,
    service_name: String,
    charge_minor: i64,
    refunded_minor: i64,
    /// What the provider says it charged, as exact decimal text.
    provider_charge: Option<String>,
    /// The currency of the service's rate, which is the provider account's currency.
    provider_currency: Option<String>,
}

/// What `amount` of a provider's `currency` is in the shop currency: the amount itself when the
/// currencies are the same, converted at the admins' exchange rate otherwise, and unknown without
/// one: a cost is never guessed.
pub fn cost_in_shop_currency(
    amount: Decimal,
    currency: Option<&str>,
    shop_currency: &Currency,
    rates: &ExchangeRates,
) -> Option<Decimal> {
    let currency = Currency::parse(currency?).ok()?;
    if currency == *shop_currency {
        return Some(amount);
    }
    amount.checked_mul(*rates.get(currency.code())?)
}

/// The start (UTC midnight) of the day `at` falls in.
pub fn day_start(at: i64) -> i64 {
    at - at.rem_euclid(DAY_SECS)
}

/// The start of the period of `days` days that ends with today.
fn period_start(days: u32, now: i64) -> i64 {
    day_start(now) - (i64::from(days) - 1) * DAY_SECS
}

impl Stats {
    /// The figures as of `now` (unix seconds).
    pub async fn load(db: &Db, shop_currency: &Currency, now: i64) -> Result<Self> {
        let rates: ExchangeRates = crate::db::catalogue::fx_rates(db.pool())
            .await?
            .into_iter()
            .collect();
        let users_total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(db.pool())
            .await?;
        let mut users = Vec::with_capacity(PERIODS.len());
        let mut money_in = Vec::with_capacity(PERIODS.len());
        for days in PERIODS {
            money_in.push(MoneyIn::load(db, period_start(days, now)).await?);
            let (new, active): (i64, i64) = sqlx::query_as(
                "SELECT COALESCE(SUM(created_at >= ?1), 0), COALESCE(SUM(last_seen_at >= ?1), 0)
                 FROM users",
            )
            .bind(period_start(days, now))
            .fetch_one(db.pool())
            .await?;
            users.push((new, active));
        }
        let longest = PERIODS.into_iter().chain([CHART_DAYS]).max().unwrap_or(1);
        let orders = sqlx::query_as::<_, SoldOrder>(
            "SELECT o.created_at, o.service_id, s.name AS service_name, o.charge_minor,
                 o.refunded_minor, o.provider_charge, s.rate_currency AS provider_currency
             FROM orders o JOIN services s ON s.id = o.service_id
             WHERE o.created_at >= ? AND o.state != ?",
        )
        .bind(period_start(longest, now))
        .bind(OrderState::Rejected.as_str())
        .fetch_all(db.pool())
        .await?;
        Ok(Self::compute(
            users_total,
            &users,
            &money_in,
            &orders,
            shop_currency,
            &rates,
            now,
        ))
    }

    /// The figures from the rows: `users` holds (new, active) and `money_in` what came in, per
    /// entry of [`PERIODS`].
    fn compute(
        users_total: i64,
        users: &[(i64, i64)],
        money_in: &[MoneyIn],
        orders: &[SoldOrder],
        shop_currency: &Currency,
        rates: &ExchangeRates,
        now: i64,
    ) -> Self {
        let mut periods: Vec<PeriodFigures> = PERIODS
            .iter()
            .zip(users)
            .zip(money_in)
            .map(|((&days, &(new_users, active_users)), &money_in)| PeriodFigures {
                days,
                new_users,
                active_users,
                sales: Sales::default(),
                money_in,
            })
            .collect();
        let first_day = period_start(CHART_DAYS, now);
        let mut daily_sales = vec![Sales::default(); CHART_DAYS as usize];
        let top_days = PERIODS.into_iter().max().unwrap_or(1);
        let mut by_service: HashMap<i64, TopService> = HashMap::new();

        for order in orders {
            let cost = order
                .provider_charge
                .as_deref()
                .and_then(|charge| Decimal::from_str(charge.trim()).ok())
                .and_then(|charge| {
                    cost_in_shop_currency(charge, order.provider_currency.as_deref(), shop_currency, rates)
                });
            for period in &mut periods {
                if order.created_at >= period_start(period.days, now) {
                    period.sales.add(order, cost);
                }
            }
            let revenue = order.charge_minor - order.refunded_minor;
            if let Some(day) = usize::try_from((order.created_at - first_day).div_euclid(DAY_SECS))
                .ok()
                .and_then(|index| daily_sales.get_mut(index))
            {
                day.add(order, cost);
            }
            if order.created_at >= period_start(top_days, now) {
                let top = by_service.entry(order.service_id).or_insert_with(|| TopService {
                    name: order.service_name.clone(),
                    orders: 0,
                    revenue_minor: 0,
                });
                top.orders += 1;
                top.revenue_minor += revenue;
            }
        }

        let mut top_services: Vec<TopService> = by_service.into_values().collect();
        top_services.sort_by(|a, b| {
            (b.revenue_minor, b.orders)
                .cmp(&(a.revenue_minor, a.orders))
                .then_with(|| a.name.cmp(&b.name))
        });
        top_services.truncate(TOP_SERVICES);
        let daily = (0..)
            .zip(daily_sales)
            .map(|(day, sales)| DayFigures {
                starts_at: first_day + day * DAY_SECS,
                orders: sales.orders,
                revenue_minor: sales.revenue_minor,
                cost_minor: sales.cost_minor(shop_currency),
                profit_minor: sales.profit_minor(shop_currency),
            })
            .collect();
        Self {
            users_total,
            periods,
            top_services,
            daily,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rub() -> Currency {
        Currency::parse("RUB").unwrap()
    }

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// 2024-03-10 15:00 UTC.
    const NOW: i64 = 1_710_082_800;

    fn order(
        days_ago: i64,
        service: i64,
        charge: i64,
        refunded: i64,
        cost: Option<(&str, &str)>,
    ) -> SoldOrder {
        SoldOrder {
            created_at: day_start(NOW) - days_ago * DAY_SECS + 3600,
            service_id: service,
            service_name: format!("Service {service}"),
            charge_minor: charge,
            refunded_minor: refunded,
            provider_charge: cost.map(|(amount, _)| amount.to_string()),
            provider_currency: cost.map(|(_, currency)| currency.to_string()),
        }
    }

    #[test]
    fn costs_convert_only_with_a_known_rate() {
        let rates = ExchangeRates::from([("USD".to_string(), dec("90.5"))]);
        let cost = |amount, currency| cost_in_shop_currency(dec(amount), currency, &rub(), &rates);
        assert_eq!(cost("1.50", Some("rub")), Some(dec("1.50")));
        assert_eq!(cost("2", Some("USD")), Some(dec("181.0")));
        assert_eq!(cost("2", Some("EUR")), None);
        assert_eq!(cost("2", None), None);
        assert_eq!(cost("2", Some("not a currency")), None);
    }

    #[test]
    fn periods_count_orders_revenue_cost_and_profit() {
        let rates = ExchangeRates::from([("USD".to_string(), dec("100"))]);
        let orders = [
            // Today: 10.00 charged, 1.23 cost; 5.00 charged and half refunded, cost in USD.
            order(0, 1, 1000, 0, Some(("1.234", "RUB"))),
            order(0, 2, 500, 250, Some(("0.01", "USD"))),
            // Three days ago: cost in a currency without a rate, and one not reported yet.
            order(3, 1, 2000, 0, Some(("5", "EUR"))),
            order(3, 2, 300, 0, None),
            // Twenty days ago, and forty (outside every period).
            order(20, 3, 7000, 7000, Some(("0", "RUB"))),
            order(40, 3, 9999, 0, Some(("1", "RUB"))),
        ];
        let stats = Stats::compute(
            9,
            &[(1, 2), (3, 4), (5, 6)],
            &[MoneyIn::default(); 3],
            &orders,
            &rub(),
            &rates,
            NOW,
        );
        let today = &stats.periods[0];
        assert_eq!((today.days, today.new_users, today.active_users), (1, 1, 2));
        assert_eq!(today.sales.orders, 2);
        assert_eq!(today.sales.revenue_minor, 1250);
        // 1.234 + 0.01 × 100 = 2.234, rounded up.
        assert_eq!(today.sales.cost_minor(&rub()), Some(224));
        assert_eq!(today.sales.profit_minor(&rub()), Some(1250 - 224));
        assert_eq!(today.sales.orders_without_cost, 0);

        let week = &stats.periods[1].sales;
        assert_eq!((week.orders, week.revenue_minor), (4, 3550));
        assert_eq!(week.orders_without_cost, 2);
        assert_eq!(week.cost_minor(&rub()), Some(224));
        // Profit over the two orders whose cost is known.
        assert_eq!(week.profit_minor(&rub()), Some(1026));

        let month = &stats.periods[2].sales;
        assert_eq!((month.orders, month.revenue_minor), (5, 3550));

        assert_eq!(stats.daily.len(), 30);
        assert_eq!(stats.daily[29].starts_at, day_start(NOW));
        assert_eq!((stats.daily[29].orders, stats.daily[29].revenue_minor), (2, 1250));
        assert_eq!((stats.daily[26].orders, stats.daily[26].revenue_minor), (2, 2300));
        assert_eq!((stats.daily[9].orders, stats.daily[9].revenue_minor), (1, 0));
        assert_eq!(stats.daily.iter().map(|d| d.orders).sum::<u32>(), 5);
        // The chart's cost and profit per day are the periods' own sums, day by day.
        let money = |day: usize| (stats.daily[day].cost_minor, stats.daily[day].profit_minor);
        assert_eq!(money(29), (Some(224), Some(1250 - 224)));
        assert_eq!(money(26), (None, None), "no cost known on that day");
        assert_eq!(money(9), (Some(0), Some(0)));
        assert_eq!(money(0), (Some(0), Some(0)), "no orders");

        let top: Vec<_> = stats
            .top_services
            .iter()
            .map(|t| (t.name.as_str(), t.orders, t.revenue_minor))
            .collect();
        assert_eq!(
            top,
            [("Service 1", 2, 3000), ("Service 2", 2, 550), ("Service 3", 1, 0)]
        );
    }

    #[test]
    fn a_cost_nobody_knows_is_unknown_not_zero() {
        let orders = [order(0, 1, 1000, 0, None)];
        let stats = Stats::compute(
            1,
            &[(0, 0); 3],
            &[MoneyIn::default(); 3],
            &orders,
            &rub(),
            &ExchangeRates::new(),
            NOW,
        );
        let sales = &stats.periods[0].sales;
        assert_eq!(sales.cost_minor(&rub()), None);
        assert_eq!(sales.profit_minor(&rub()), None);
        // No orders at all: nothing cost anything.
        let empty = Stats::compute(
            1,
            &[(0, 0); 3],
            &[MoneyIn::default(); 3],
            &[],
            &rub(),
            &ExchangeRates::new(),
            NOW,
        );
        assert_eq!(empty.periods[0].sales.cost_minor(&rub()), Some(0));
    }

    #[tokio::test]
    async fn money_in_is_counted_by_the_way_it_came() {
        use crate::db::ledger::Movement;
        use crate::db::testing::{customer, temp_db};

        let (db, _dir) = temp_db().await;
        customer(&db, 7).await;
        let moves = [
            (LedgerKind::StarsTopup, "charge-1", 500),
            (LedgerKind::StarsTopup, "charge-2", 300),
            (LedgerKind::StarsRefund, "charge-2", -300),
            (LedgerKind::CryptoTopup, "invoice-1", 1_000),
            (LedgerKind::AdminCredit, "msg-1", 200),
            (LedgerKind::AdminDebit, "msg-2", -50),
            // Spending is not money in.
            (LedgerKind::OrderCharge, "order-1", -400),
            (LedgerKind::OrderRefund, "order-1", 400),
        ];
        for (kind, reference, amount_minor) in moves {
            let movement = Movement {
                user_id: 7,
                kind,
                reference,
                amount_minor,
                note: None,
            };
            db.apply_movement(&movement).await.unwrap().unwrap();
        }
        let money_in = MoneyIn::load(&db, 0).await.unwrap();
        assert_eq!(
            money_in,
            MoneyIn {
                stars_minor: 500,
                crypto_minor: 1_000,
                admin_minor: 150,
            }
        );
        let later = crate::db::now() + DAY_SECS;
        assert_eq!(MoneyIn::load(&db, later).await.unwrap(), MoneyIn::default());
    }
}
