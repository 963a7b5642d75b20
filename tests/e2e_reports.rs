//! Admin reports end to end: `/stats`, `/providers` and `/sync` through the real dispatcher and
//! a fake Telegram, over a database seeded with known orders, against a fake panel.

mod common;

use common::fake_panel::{FAKE_KEY, FakePanel, Reply};
use common::fake_telegram::{ChatMessage, Content, TestUser};
use common::shop::{ADMIN_ID, Shop};
use smmbot::chart::{self, ChartLabels};
use smmbot::db::{Db, now};
use smmbot::money::Currency;
use smmbot::stats::{DAY_SECS, Stats, day_start};

fn admin() -> TestUser {
    TestUser::new(ADMIN_ID, "en")
}

/// The admin sends `command` and gets an answer containing `needle`.
async fn ask(shop: &Shop, command: &str, needle: &str) -> ChatMessage {
    shop.telegram.send_text(&admin(), command);
    shop.telegram.wait_bot_message_containing(ADMIN_ID, needle).await
}

async fn service_id(db: &Db, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM services WHERE provider_name = ?")
        .bind(name)
        .fetch_one(db.pool())
        .await
        .expect("service synced from the fake panel")
}

/// An order placed at midnight (UTC) `days_ago` days before today.
struct Seed {
    user: i64,
    service: i64,
    days_ago: i64,
    state: &'static str,
    charge: i64,
    refunded: i64,
    provider_charge: Option<&'static str>,
}

async fn seed_order(db: &Db, seed: Seed) {
    let created_at = day_start(now()) - seed.days_ago * DAY_SECS;
    sqlx::query(
        "INSERT INTO orders (user_id, service_id, provider, provider_service_id, request_key, link,
             quantity, charge_minor, state, created_at, updated_at, refunded_minor, provider_charge)
         SELECT ?1, id, provider, provider_service_id, ?2, 'https://t.me/seeded', 1000, ?3, ?4, ?5,
             ?5, ?6, ?7
         FROM services WHERE id = ?8",
    )
    .bind(seed.user)
    .bind(format!("seed-{}-{}-{}", seed.service, seed.days_ago, seed.charge))
    .bind(seed.charge)
    .bind(seed.state)
    .bind(created_at)
    .bind(seed.refunded)
    .bind(seed.provider_charge)
    .bind(seed.service)
    .execute(db.pool())
    .await
    .expect("seed an order");
}

async fn seed_user(db: &Db, id: i64, days_ago: i64) {
    let at = day_start(now()) - days_ago * DAY_SECS;
    sqlx::query("INSERT INTO users (id, first_name, language, created_at, last_seen_at) VALUES (?, 'Old', 'en', ?, ?)")
        .bind(id)
        .bind(at)
        .bind(at)
        .execute(db.pool())
        .await
        .expect("seed a user");
}

/// The text with each run of spaces as one, so that expectations need not count the spaces
/// that line the numbers up.
fn squeezed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

fn assert_contains(text: &str, expected: &[&str]) {
    for line in expected {
        assert!(text.contains(line), "{line:?} missing from:\n{text}");
    }
}

/// Width and height from a PNG's header (the IHDR chunk comes first).
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let number = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().expect("4 bytes"));
    (number(16), number(20))
}

#[tokio::test]
async fn stats_show_the_figures_of_the_database_and_a_chart() {
    let shop = Shop::start().await;
    let tg = &shop.telegram;
    let db = &shop.db;
    let customer = shop.customer(42, "en").await;
    seed_user(db, 77, 10).await;
    let subscribers = service_id(db, "Telegram subscribers").await;
    let views = service_id(db, "Telegram post views").await;
    let order = |service, days_ago, charge, refunded, provider_charge| Seed {
        user: customer.id,
        service,
        days_ago,
        state: "completed",
        charge,
        refunded,
        provider_charge,
    };
    // Today: one order with a known cost, one partly refunded whose cost is not reported yet.
    seed_order(db, order(subscribers, 0, 500, 0, Some("3.20"))).await;
    seed_order(db, order(views, 0, 250, 100, None)).await;
    // A rejected order is no sale.
    seed_order(
        db,
        Seed {
            state: "rejected",
            ..order(views, 0, 999, 999, None)
        },
    )
    .await;
    seed_order(db, order(subscribers, 3, 1000, 0, Some("7"))).await;
    seed_order(db, order(views, 10, 2000, 0, Some("15.5"))).await;
    // Older than every period.
    seed_order(db, order(views, 40, 5000, 0, Some("1"))).await;
    // The provider bills post views in euros, and no exchange rate is set yet.
    sqlx::query("UPDATE services SET rate_currency = 'EUR' WHERE id = ?")
        .bind(views)
        .execute(db.pool())
        .await
        .unwrap();

    let revision = tg.revision();
    let text = squeezed(&ask(&shop, "/stats", "Statistics").await.text);
    assert_contains(
        &text,
        &[
            "3 users in total",
            // Today: users 1 and 42 are new; orders 5.00 + (2.50 − 1.00).
            "Today\n👥 Users: 2 new, 2 active\nOrders 2\nRevenue $6.50\n\
             Provider cost * $3.20\nProfit * $1.80\n",
            "* One order has no known cost yet: cost and profit count the others.",
            "Last 7 days\n👥 Users: 2 new, 2 active\nOrders 3\nRevenue $16.50\n\
             Provider cost * $10.20\nProfit * $4.80\n",
            // The euro cost is unknown without a rate, never invented.
            "Last 30 days\n👥 Users: 3 new, 3 active\nOrders 4\nRevenue $36.50\n\
             Provider cost * $10.20\nProfit * $4.80\n",
            "* 2 orders have no known cost yet",
            "Top services, last 30 days\n1. Telegram post views: 2 orders, $21.50\n\
             2. Telegram subscribers: 2 orders, $15.00",
        ],
    );

    // Then the chart, as a photo.
    let photo = tg
        .wait_for("the chart", |seen| {
            let mut photos = seen
                .bot_messages(ADMIN_ID)
                .filter(|m| m.content == Content::Photo);
            photos.find(|m| m.revision > revision).cloned()
        })
        .await;
    assert_eq!(
        photo.text,
        "Orders, revenue, cost and profit per day, last 30 days (UTC)"
    );
    let uploads: Vec<String> = tg
        .calls()
        .into_iter()
        .filter(|c| c.method == "sendphoto" && c.error.is_none())
        .map(|c| {
            // teloxide uploads the file as its own part and names it in `photo`.
            let photo = c.params["photo"].as_str().unwrap_or_default();
            let part = photo.strip_prefix("attach://").unwrap_or("photo");
            c.params[part].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(uploads.len(), 1, "{uploads:?}");

    // The same chart drawn from the test database: a PNG of the chart's size, byte for byte
    // the size of the upload.
    let usd = Currency::parse("USD").unwrap();
    let stats = Stats::load(db, &usd, now()).await.unwrap();
    let today = stats.daily.last().unwrap();
    assert_eq!((today.orders, today.revenue_minor), (2, 650));
    let labels = ChartLabels {
        orders: "Orders per day".into(),
        money: "Money per day, USD".into(),
        revenue: "Revenue".into(),
        cost: "Provider cost".into(),
        profit: "Profit".into(),
    };
    let png = chart::render(&stats.daily, &usd, &labels).unwrap();
    assert_eq!(png_size(&png), (chart::WIDTH, chart::HEIGHT));
    assert_eq!(uploads[0], format!("<file \"stats.png\", {} bytes>", png.len()));

    // With an exchange rate the euro cost counts: 15.50 EUR × 1.1 = 17.05 USD.
    sqlx::query("INSERT INTO fx_rates (currency, rate, updated_at) VALUES ('EUR', '1.1', 0)")
        .execute(db.pool())
        .await
        .unwrap();
    let text = squeezed(&ask(&shop, "/stats", "Statistics").await.text);
    assert_contains(&text, &["Provider cost * $27.25\nProfit * $7.75"]);
    shop.stop().await;
}

#[tokio::test]
async fn providers_show_balances_and_a_low_balance_alerts_once_per_crossing() {
    let panel = FakePanel::start().await;
    let shop = Shop::with_provider(
        "USD",
        &[
            ("KIND", "panel_v2".into()),
            ("URL", panel.url().to_string()),
            ("KEY", FAKE_KEY.into()),
            ("LOW_BALANCE", "100".into()),
        ],
    )
    .await;
    let tg = &shop.telegram;
    let report = ask(&shop, "/providers", "Providers").await.text;
    assert_contains(
        &report,
        &[
            "shop\n💳 Balance: 1000 USD (alert under 100 USD)",
            "🗂 Services on sale: 5 of 5",
            "No orders in the last 7 days",
        ],
    );

    let alerts_queued = || async {
        let count: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE payload LIKE '%\"kind\":\"low_balance\"%'",
        )
        .fetch_one(shop.db.pool())
        .await
        .unwrap();
        count
    };
    let alert = "The balance at provider shop is";

    // Under the level: the report says so and the admin is alerted.
    panel.set_balance("50");
    let revision = tg.revision();
    ask(&shop, "/providers", "50 USD ⚠️ under 100 USD").await;
    let first = tg.wait_bot_message_since(ADMIN_ID, alert, revision).await;
    assert!(
        first.text.contains("50 USD, under the alert level of 100 USD"),
        "{}",
        first.text
    );

    // Still under it: no second alert.
    panel.set_balance("40");
    ask(&shop, "/providers", "40 USD ⚠️ under 100 USD").await;
    assert_eq!(alerts_queued().await, 1);

    // Back above, then under again: one more.
    panel.set_balance("500");
    ask(&shop, "/providers", "500 USD (alert under 100 USD)").await;
    assert_eq!(alerts_queued().await, 1);
    panel.set_balance("20");
    let revision = tg.revision();
    ask(&shop, "/providers", "20 USD ⚠️ under 100 USD").await;
    tg.wait_bot_message_since(ADMIN_ID, "is 20 USD", revision).await;
    assert_eq!(alerts_queued().await, 2);
    let alerts = tg
        .bot_messages(ADMIN_ID)
        .iter()
        .filter(|m| m.text.contains(alert))
        .count();
    assert_eq!(alerts, 2, "{}", tg.dump());

    shop.stop().await;
    panel.shutdown().await;
}

#[tokio::test]
async fn sync_reports_progress_per_provider_then_what_changed() {
    let shop = Shop::start().await;
    let db = &shop.db;
    // Changes for the sync to find: a service the panel lists that we lost, a price that is
    // off, and one the panel stopped listing two syncs ago (the third removes it).
    sqlx::query("DELETE FROM services WHERE provider_name = 'Telegram post views'")
        .execute(db.pool())
        .await
        .unwrap();
    sqlx::query(
        "UPDATE services SET price_minor = price_minor + 7 WHERE provider_name = 'Instagram followers'",
    )
    .execute(db.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO services (provider, provider_service_id, category_id, name, provider_name, kind,
             link_rule, rate, rate_currency, unit_items, price_minor, min_quantity, max_quantity,
             missing_syncs, synced_at)
         SELECT provider, '99', category_id, 'Gone', 'Gone', kind, link_rule, rate, rate_currency,
             unit_items, price_minor, min_quantity, max_quantity, 2, synced_at
         FROM services WHERE provider_name = 'Telegram subscribers'",
    )
    .execute(db.pool())
    .await
    .unwrap();

    let summary = ask(&shop, "/sync", "Catalogue sync finished").await;
    assert_eq!(
        summary.text,
        "🗂 Catalogue sync finished\nshop: 1 added, 1 removed, 1 price change"
    );
    // The progress message came first and was edited into the result.
    let progress = shop
        .telegram
        .bot_messages(ADMIN_ID)
        .into_iter()
        .find(|m| m.text.starts_with("✅ shop"))
        .expect("a progress message");
    assert_eq!(progress.text, "✅ shop: synced, 5 on sale");
    assert_eq!(progress.edits, 1);
    assert!(progress.message_id < summary.message_id);

    // A provider that fails keeps its catalogue, and the admin is told.
    shop.panel
        .respond_next("services", Reply::new(502, "<html>Bad gateway</html>"));
    let summary = ask(&shop, "/sync", "Catalogue sync finished").await;
    assert!(
        summary.text.ends_with("shop: failed, nothing changed"),
        "{}",
        summary.text
    );
    let failed = shop
        .telegram
        .wait_bot_message_containing(ADMIN_ID, "❌ shop: the sync failed")
        .await;
    assert!(
        failed.text.ends_with("the previous catalogue stays on sale"),
        "{}",
        failed.text
    );
    let on_sale: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM services WHERE price_minor IS NOT NULL")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(on_sale, 5);
    shop.stop().await;
}

#[tokio::test]
async fn to_customers_the_report_commands_do_not_exist() {
    let shop = Shop::start().await;
    let customer = shop.customer(42, "en").await;
    let panel_calls = || {
        let calls = |action| shop.panel.requests_for(action).len();
        (calls("services"), calls("balance"))
    };
    let before = panel_calls();
    for command in ["/stats", "/providers", "/sync"] {
        shop.telegram.send_text(&customer, command);
        shop.telegram
            .wait_bot_message_containing(customer.id, "I do not know that command")
            .await;
    }
    let calls = shop.telegram.calls();
    assert!(calls.iter().all(|c| c.method != "sendphoto"));
    assert_eq!(panel_calls(), before);
    shop.stop().await;
}
