//! The notifier against the fake Bot API and a real SQLite database: notices queued with
//! `enqueue` reach their readers once, in their language, paced to Telegram's limits; blocked
//! customers are skipped; failures are retried later. (Under a burst: `tests/notice_pacing.rs`.)

mod common;

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Json;
use axum::routing::any;
use serde_json::json;
use smmbot::bot::notifier::{Notifier, SendReport};
use smmbot::db::Db;
use smmbot::db::catalogue::{LinkRule, ServiceUpsert};
use smmbot::db::ledger::{LedgerKind, Movement};
use smmbot::db::notices::{Notice, enqueue, enqueue_admins};
use smmbot::db::orders::NewPaidOrder;
use smmbot::db::users::Seen;
use smmbot::i18n::Lang;
use smmbot::vocabulary::{OrderExtras, OrderOrigin};
use tokio::time::Instant;

use common::fake_telegram::{ChatMessage, FakeTelegram, Snapshot, TOKEN};
use common::notifier_rig::NotifierRig;

const ADMINS: [u64; 2] = [1, 2];

/// A database, a fake Telegram and the notifier's configuration.
struct Setup {
    rig: NotifierRig,
}

impl Setup {
    async fn new() -> Self {
        Self {
            rig: NotifierRig::start(&ADMINS).await,
        }
    }

    /// A notifier talking to the fake; a new one is what a restarted bot would build.
    fn notifier(&self) -> Notifier {
        self.rig.notifier(self.rig.telegram.bot())
    }

    async fn user(&self, id: i64, lang: Lang) {
        let seen = Seen {
            id,
            username: None,
            first_name: "Customer",
            language: lang,
        };
        self.rig.db.touch_user(&seen).await.expect("register user");
    }

    async fn queue(&self, chat_id: i64, key: &str, notice: &Notice) {
        let mut tx = self.rig.db.begin_write().await.expect("begin");
        assert!(enqueue(&mut tx, chat_id, key, notice).await.expect("enqueue"));
        tx.commit().await.expect("commit");
    }

    /// `(sent, gave up, attempts, next attempt, last error)` of the notice queued under `key`.
    async fn row(&self, key: &str) -> (bool, bool, i64, i64, Option<String>) {
        sqlx::query_as(
            "SELECT sent_at IS NOT NULL, gave_up_at IS NOT NULL, attempts, next_attempt_at, last_error
             FROM notifications WHERE dedupe_key = ?",
        )
        .bind(key)
        .fetch_one(self.rig.db.pool())
        .await
        .expect("notification row")
    }

    /// The clock moves on: every waiting notice is due now.
    async fn make_all_due(&self) {
        sqlx::query("UPDATE notifications SET next_attempt_at = 0 WHERE sent_at IS NULL")
            .execute(self.rig.db.pool())
            .await
            .expect("reschedule");
    }

    fn sends_to(&self, chat_id: i64) -> usize {
        self.rig
            .telegram
            .calls()
            .iter()
            .filter(|call| call.method == "sendmessage" && call.params["chat_id"].as_i64() == Some(chat_id))
            .count()
    }
}

fn order_changed(order_id: i64, state: &str, remains: Option<i64>, refunded_minor: i64) -> Notice {
    Notice::OrderChanged {
        order_id,
        service: "Telegram <subscribers> & more".into(),
        state: state.into(),
        quantity: 1000,
        remains,
        refunded_minor,
    }
}

fn report(sent: usize, retried: usize, gave_up: usize) -> SendReport {
    SendReport {
        sent,
        retried,
        gave_up,
    }
}

fn details_data(message: &ChatMessage) -> Vec<String> {
    let buttons = message.buttons.iter().flatten();
    buttons.filter_map(|b| b.callback_data.clone()).collect()
}

/// A Bot API address where nothing listens: every request fails at the network level.
async fn unreachable_api() -> reqwest::Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}/").parse().unwrap()
}

/// A Bot API that answers every request with flood control: retry after `seconds`.
async fn flood_controlled_api(seconds: u32) -> reqwest::Url {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new().route(
        "/{bot}/{method}",
        any(move || async move {
            let body = json!({
                "ok": false,
                "error_code": 429,
                "description": format!("Too Many Requests: retry after {seconds}"),
                "parameters": {"retry_after": seconds},
            });
            (StatusCode::TOO_MANY_REQUESTS, Json(body))
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/").parse().unwrap()
}

#[tokio::test]
async fn customers_read_their_order_news_in_their_language() {
    let setup = Setup::new().await;
    setup.user(10, Lang::Ru).await;
    setup.user(11, Lang::En).await;
    setup
        .queue(
            10,
            "order:12:partial",
            &order_changed(12, "partial", Some(300), 3000),
        )
        .await;
    setup
        .queue(
            11,
            "order:13:canceled",
            &order_changed(13, "canceled", None, 12_550),
        )
        .await;
    setup
        .queue(
            11,
            "order:14:progress",
            &order_changed(14, "progress", Some(500), 0),
        )
        .await;
    // Someone the shop has never seen reads the default language.
    setup
        .queue(
            12,
            "order:15:completed",
            &order_changed(15, "completed", Some(0), 0),
        )
        .await;

    assert_eq!(setup.notifier().send_due().await.unwrap(), report(4, 0, 0));

    let tg = &setup.rig.telegram;
    let partial = tg.last_bot_message(10);
    for expected in [
        "№12",
        "выполнен частично",
        "Telegram <subscribers> & more",
        "▰▰▰▰▰▰▰▱▱▱ 70%",
        "Выполнено: 700 из 1000",
        "На ваш баланс возвращено 30,00\u{a0}₽",
    ] {
        assert!(partial.text.contains(expected), "{expected:?} in:\n{}", tg.dump());
    }
    assert_eq!(details_data(&partial), ["d:12"]);
    assert_eq!(partial.button("Подробнее о заказе").map(|_| ()), Some(()));

    let english = tg.bot_messages(11);
    assert_eq!(english.len(), 2, "{}", tg.dump());
    let canceled = &english[0].text;
    assert!(
        canceled.contains("#13") && canceled.contains("canceled") && canceled.contains("125.50\u{a0}₽"),
        "{canceled}"
    );
    assert!(
        !canceled.contains('▰'),
        "no progress bar without remains: {canceled}"
    );
    assert!(english[1].text.contains("#14") && english[1].text.contains("▰▰▰▰▰▱▱▱▱▱ 50%"));
    assert!(
        tg.last_bot_message(12).text.contains("#15 is complete"),
        "{}",
        tg.dump()
    );
}

#[tokio::test]
async fn each_notice_is_sent_once_even_after_a_restart() {
    let setup = Setup::new().await;
    setup.user(20, Lang::En).await;
    setup
        .queue(
            20,
            "order:1:in_progress",
            &order_changed(1, "in_progress", Some(1000), 0),
        )
        .await;
    setup
        .queue(
            20,
            "order:1:completed",
            &order_changed(1, "completed", Some(0), 0),
        )
        .await;

    let notifier = setup.notifier();
    assert_eq!(notifier.send_due().await.unwrap(), report(2, 0, 0));
    assert_eq!(notifier.send_due().await.unwrap(), report(0, 0, 0));
    drop(notifier);
    let restarted = setup.notifier();
    assert_eq!(restarted.send_due().await.unwrap(), report(0, 0, 0));

    let messages = setup.rig.telegram.bot_messages(20);
    assert_eq!(messages.len(), 2, "{}", setup.rig.telegram.dump());
    assert!(messages[0].text.contains("has started") && messages[1].text.contains("is complete"));
    assert!(setup.row("order:1:completed").await.0);
}

#[tokio::test]
async fn two_notifiers_at_once_send_each_notice_once() {
    let setup = Setup::new().await;
    for chat in 21..=25 {
        setup.user(chat, Lang::En).await;
        let key = format!("order:{chat}:completed");
        setup
            .queue(chat, &key, &order_changed(chat, "completed", None, 0))
            .await;
    }
    let (first, second) = (setup.notifier(), setup.notifier());
    let (a, b) = tokio::join!(first.send_due(), second.send_due());
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 5);
    for chat in 21..=25 {
        assert_eq!(setup.sends_to(chat), 1, "{}", setup.rig.telegram.dump());
    }
}

#[tokio::test]
async fn a_customer_who_blocked_the_bot_is_skipped_from_then_on() {
    let setup = Setup::new().await;
    setup.user(30, Lang::En).await;
    setup.user(31, Lang::En).await;
    let blocker = common::fake_telegram::TestUser::new(30, "en");
    setup.rig.telegram.block_bot(&blocker);
    setup
        .queue(
            30,
            "order:5:in_progress",
            &order_changed(5, "in_progress", None, 0),
        )
        .await;
    setup
        .queue(30, "order:5:completed", &order_changed(5, "completed", None, 0))
        .await;
    setup
        .queue(31, "order:6:completed", &order_changed(6, "completed", None, 0))
        .await;

    let notifier = setup.notifier();
    // The first refusal gives up both of the blocker's notices; the other customer is served.
    assert_eq!(notifier.send_due().await.unwrap(), report(1, 0, 2));
    assert_eq!(setup.sends_to(30), 1);
    let (sent, gave_up, _, _, error) = setup.row("order:5:completed").await;
    assert!(!sent && gave_up, "{error:?}");
    assert!(error.unwrap().contains("blocked"));
    let blocked: Option<i64> = sqlx::query_scalar("SELECT blocked_at FROM users WHERE id = 30")
        .fetch_one(setup.rig.db.pool())
        .await
        .unwrap();
    assert!(blocked.is_some());

    // Later notices are given up without asking Telegram.
    setup
        .queue(30, "order:7:completed", &order_changed(7, "completed", None, 0))
        .await;
    assert_eq!(notifier.send_due().await.unwrap(), report(0, 0, 1));
    assert_eq!(setup.sends_to(30), 1, "{}", setup.rig.telegram.dump());

    // Writing to the bot again (every update registers the user) unblocks: the next notice is
    // tried again.
    let seen = smmbot::db::users::Seen {
        id: 30,
        username: None,
        first_name: "C",
        language: smmbot::i18n::Lang::En,
    };
    setup.rig.db.touch_user(&seen).await.unwrap();
    let blocked: Option<i64> = sqlx::query_scalar("SELECT blocked_at FROM users WHERE id = 30")
        .fetch_one(setup.rig.db.pool())
        .await
        .unwrap();
    assert_eq!(blocked, None);
    setup
        .queue(30, "order:8:completed", &order_changed(8, "completed", None, 0))
        .await;
    assert_eq!(notifier.send_due().await.unwrap(), report(0, 0, 1));
    assert_eq!(setup.sends_to(30), 2);
}

#[tokio::test]
async fn a_failed_send_is_retried_later_in_order() {
    let setup = Setup::new().await;
    setup.user(40, Lang::En).await;
    setup
        .queue(
            40,
            "order:9:in_progress",
            &order_changed(9, "in_progress", None, 0),
        )
        .await;
    setup
        .queue(40, "order:9:completed", &order_changed(9, "completed", None, 0))
        .await;

    let broken = setup
        .rig
        .notifier(teloxide::Bot::new(TOKEN).set_api_url(unreachable_api().await));
    let before = smmbot::db::now();
    assert_eq!(broken.send_due().await.unwrap(), report(0, 1, 0));
    let (sent, gave_up, attempts, first_retry, error) = setup.row("order:9:in_progress").await;
    assert!(!sent && !gave_up && error.is_some());
    assert_eq!(attempts, 1);
    assert!(first_retry >= before + 10, "backs off: {first_retry} vs {before}");
    // The later notice waits with it, so the customer reads them in order.
    let (_, _, later_attempts, later_retry, _) = setup.row("order:9:completed").await;
    assert_eq!((later_attempts, later_retry), (0, first_retry));

    // Not due yet: a working notifier leaves both alone.
    let notifier = setup.notifier();
    assert_eq!(notifier.send_due().await.unwrap(), report(0, 0, 0));
    setup.make_all_due().await;
    assert_eq!(notifier.send_due().await.unwrap(), report(2, 0, 0));
    let messages = setup.rig.telegram.bot_messages(40);
    assert_eq!(messages.len(), 2);
    assert!(messages[0].text.contains("has started") && messages[1].text.contains("is complete"));
}

#[tokio::test]
async fn flood_control_postpones_by_what_telegram_asks() {
    let setup = Setup::new().await;
    setup.user(50, Lang::En).await;
    setup
        .queue(50, "order:3:completed", &order_changed(3, "completed", None, 0))
        .await;
    let flooded = setup
        .rig
        .notifier(teloxide::Bot::new(TOKEN).set_api_url(flood_controlled_api(30).await));
    let before = smmbot::db::now();
    assert_eq!(flooded.send_due().await.unwrap(), report(0, 1, 0));
    let (sent, _, attempts, next, _) = setup.row("order:3:completed").await;
    assert!(!sent);
    assert_eq!(attempts, 0, "flood control is not a failed attempt");
    assert!(next >= before + 30, "{next} vs {before}");
}

#[tokio::test]
async fn admin_alerts_reach_every_admin_with_their_buttons() {
    let setup = Setup::new().await;
    // The second admin reads Russian; the first is not a user of the shop and reads the default.
    setup.user(2, Lang::Ru).await;
    let order_id = unknown_outcome_order(&setup.rig.db).await;
    let alert = Notice::UnknownOutcome {
        order_id,
        user_id: 60,
        provider: "panel".into(),
        charge_minor: 108,
        reason: "timeout <after 20s>".into(),
    };
    let status = Notice::UnknownStatus {
        order_id,
        provider: "panel".into(),
        raw_status: "Stuck & <odd>".into(),
    };
    let mut tx = setup.rig.db.begin_write().await.unwrap();
    enqueue_admins(&mut tx, &ADMINS, &format!("unknown_outcome:{order_id}"), &alert)
        .await
        .unwrap();
    enqueue_admins(&mut tx, &ADMINS, &format!("unknown_status:{order_id}"), &status)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(setup.notifier().send_due().await.unwrap(), report(4, 0, 0));

    let tg = &setup.rig.telegram;
    for (admin, words) in [
        (1, ["outcome unknown", "Customer: 60", "1.08\u{a0}₽"]),
        (2, ["результат неизвестен", "Покупатель: 60", "1,08\u{a0}₽"]),
    ] {
        let messages = tg.bot_messages(admin);
        assert_eq!(messages.len(), 2, "{}", tg.dump());
        let alert = &messages[0];
        for expected in [
            order_id.to_string().as_str(),
            "Fast views",
            "https://t.me/chan/5",
            "timeout <after 20s>",
            words[0],
            words[1],
            words[2],
        ] {
            assert!(
                alert.text.contains(expected),
                "{expected:?} for admin {admin}:\n{}",
                tg.dump()
            );
        }
        assert_eq!(
            details_data(alert),
            [format!("zr:{order_id}"), format!("zp:{order_id}")]
        );
        assert!(messages[1].text.contains("Stuck & <odd>"), "{}", tg.dump());
    }
}

/// A paid order whose placement outcome is unknown, as `place` leaves it after a timeout.
async fn unknown_outcome_order(db: &Db) -> i64 {
    let service = ServiceUpsert {
        provider: "panel".into(),
        provider_service_id: "7".into(),
        category: "Telegram".into(),
        name: "Fast views".into(),
        description: None,
        kind: "default".into(),
        link_rule: LinkRule::Telegram,
        target_bot: None,
        rate: "0.9".into(),
        rate_currency: Some("RUB".into()),
        unit_items: 1000,
        min_quantity: 10,
        max_quantity: 10_000,
        listing_problem: None,
        refill: false,
        cancel: false,
        dripfeed: false,
    };
    db.upsert_catalogue("panel", &[service]).await.unwrap();
    let service_id: i64 = sqlx::query_scalar("SELECT id FROM services WHERE provider_service_id = '7'")
        .fetch_one(db.pool())
        .await
        .unwrap();
    let seen = Seen {
        id: 60,
        username: None,
        first_name: "Buyer",
        language: Lang::En,
    };
    db.touch_user(&seen).await.unwrap();
    let credit = Movement {
        user_id: 60,
        kind: LedgerKind::AdminCredit,
        reference: "test",
        amount_minor: 1000,
        note: None,
    };
    db.apply_movement(&credit).await.unwrap().unwrap();
    let extras = OrderExtras::default();
    let (order_id, _) = db
        .create_paid_order(&NewPaidOrder {
            user_id: 60,
            service_id,
            provider: "panel",
            provider_service_id: "7",
            request_key: "60:test",
            origin: OrderOrigin::Chat,
            link: "https://t.me/chan/5",
            quantity: 1000,
            extras: &extras,
            charge_minor: 108,
            discount: None,
        })
        .await
        .unwrap()
        .unwrap();
    smmbot::orders::submission::unknown(db, order_id, "timeout")
        .await
        .unwrap();
    order_id
}

/// The per-chat limit at work: messages to one chat arrive at least about a second apart. Only
/// a lower bound is checked; a slow machine may take longer.
#[tokio::test]
async fn messages_to_one_chat_are_a_second_apart() {
    let setup = Setup::new().await;
    for (chat, order) in [(70, 1), (71, 2)] {
        setup.user(chat, Lang::En).await;
        for state in ["in_progress", "progress", "completed"] {
            let key = format!("order:{order}:{state}");
            setup
                .queue(chat, &key, &order_changed(order, state, Some(500), 0))
                .await;
        }
    }
    let notifier = setup.notifier();
    let started = Instant::now();
    let (sent, arrivals_70, arrivals_71) = tokio::join!(
        notifier.send_due(),
        arrivals(&setup.rig.telegram, 70, 3),
        arrivals(&setup.rig.telegram, 71, 3),
    );
    assert_eq!(sent.unwrap(), report(6, 0, 0));
    for arrivals in [arrivals_70, arrivals_71] {
        for pair in arrivals.windows(2) {
            let gap = pair[1] - pair[0];
            assert!(gap >= Duration::from_millis(800), "two messages {gap:?} apart");
        }
    }
    assert!(started.elapsed() >= Duration::from_millis(1600));
}

/// When each of the first `count` bot messages reached `chat`.
async fn arrivals(telegram: &FakeTelegram, chat: i64, count: usize) -> Vec<Instant> {
    let mut times = Vec::new();
    for n in 1..=count {
        let what = format!("message {n} to chat {chat}");
        telegram
            .wait_for(&what, |seen: &Snapshot| {
                (seen.bot_messages(chat).count() >= n).then_some(())
            })
            .await;
        times.push(Instant::now());
    }
    times
}

#[tokio::test]
async fn muted_progress_is_dropped_and_the_end_still_comes() {
    let setup = Setup::new().await;
    let (muted, listening) = (20, 21);
    setup.user(muted, Lang::En).await;
    setup.user(listening, Lang::En).await;
    setup.rig.db.set_progress_muted(muted, true).await.unwrap();
    for chat in [muted, listening] {
        for (key, state, remains) in [
            ("in_progress", "in_progress", 1000),
            ("progress:50", "progress", 500),
            ("completed", "completed", 0),
        ] {
            let notice = order_changed(chat, state, Some(remains), 0);
            setup.queue(chat, &format!("order:{chat}:{key}"), &notice).await;
        }
    }

    // Dropped progress is neither sent nor a failure.
    assert_eq!(setup.notifier().send_due().await.unwrap(), report(4, 0, 0));
    let tg = &setup.rig.telegram;
    let heard = tg.bot_messages(muted);
    assert_eq!(heard.len(), 1, "{}", tg.dump());
    assert!(heard[0].text.contains("#20 is complete"), "{}", heard[0].text);
    let (sent, gave_up, attempts, _, error) = setup.row("order:20:in_progress").await;
    assert!(!sent && gave_up && attempts == 0, "{error:?}");
    assert!(error.is_some_and(|e| e.contains("muted")));

    let heard = tg.bot_messages(listening);
    assert_eq!(heard.len(), 3, "{}", tg.dump());
    for progress in &heard[..2] {
        let switch = progress.button("Mute progress updates").expect("the switch");
        assert_eq!(switch.callback_data.as_deref(), Some("pm:1"));
        assert!(progress.button("Order details").is_some());
    }
    assert!(heard[2].button("Mute progress updates").is_none());
}

/// Alerts of one kind due together reach each admin as one digest, with buttons to settle the
/// first few unknown outcomes; the same alert queued twice is told once.
#[tokio::test]
async fn alerts_of_one_kind_due_together_are_one_digest() {
    let setup = Setup::new().await;
    setup.user(2, Lang::Ru).await;
    let mut tx = setup.rig.db.begin_write().await.unwrap();
    for order_id in 1..=5 {
        let alert = Notice::UnknownOutcome {
            order_id,
            user_id: 60,
            provider: "panel".into(),
            charge_minor: 108,
            reason: "timeout".into(),
        };
        enqueue_admins(&mut tx, &ADMINS, &format!("unknown_outcome:{order_id}"), &alert)
            .await
            .unwrap();
    }
    let finding = Notice::AuditFinding {
        finding: "order 1: records 0 refunded, the ledger 150".into(),
    };
    for key in ["audit:first", "audit:again"] {
        enqueue_admins(&mut tx, &ADMINS, key, &finding).await.unwrap();
    }
    tx.commit().await.unwrap();

    // Rows, not messages: 14 rows settled by four messages.
    assert_eq!(setup.notifier().send_due().await.unwrap(), report(14, 0, 0));
    let tg = &setup.rig.telegram;
    for (admin, title) in [
        (1, "Orders with an unknown outcome: 5"),
        (2, "Заказов с неизвестным результатом: 5"),
    ] {
        let messages = tg.bot_messages(admin);
        assert_eq!(messages.len(), 2, "{}", tg.dump());
        let digest = &messages[0];
        assert!(digest.text.contains(title), "{}", digest.text);
        for order_id in 1..=5 {
            assert!(
                digest.text.contains(&format!("#{order_id} · panel")),
                "{}",
                digest.text
            );
        }
        assert_eq!(
            details_data(digest),
            ["zr:1", "zp:1", "zr:2", "zp:2", "zr:3", "zp:3"]
        );
        let audit = &messages[1].text;
        assert_eq!(audit.matches("the ledger 150").count(), 1, "{audit}");
    }
}
