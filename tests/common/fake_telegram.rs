//! A small local fake of the Telegram Bot API for end-to-end tests.
//!
//! The real bot (teloxide, the real dispatcher, the real storage) talks to this server over HTTP
//! on 127.0.0.1 exactly as it talks to api.telegram.org: point it here with
//! `Bot::new(TOKEN).set_api_url(fake.api_url())` or `TELEGRAM_API_URL=<fake.api_url()>`.
//! Tests act as customers (`send_text`, `tap_button`, `pay_invoice`, `pre_checkout`,
//! `deliver_again`) by queueing updates that the bot fetches with long polling (or that the fake
//! pushes to the bot's webhook once `setWebhook` named one), and watch what
//! the bot did through the recorded chats, calls and query answers. Answers follow real
//! Telegram closely enough for teloxide to deserialise them, including the errors a bot must
//! cope with (message not modified, message to edit not found, malformed HTML, blocked by the
//! user, ...).
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Json;
use axum::routing::any;
use serde_json::{Map, Value, json};
use tokio::sync::{Notify, oneshot};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// The bot token the fake accepts; any other token gets `401 Unauthorized`.
pub const TOKEN: &str = "123456:TEST-TOKEN";
pub const BOT_ID: i64 = 100_000;
pub const BOT_USERNAME: &str = "smm_test_bot";

/// How long `wait_for` waits: generous, because CI machines are slow and `Throttle` spaces
/// messages to one chat about a second apart.
const WAIT_LIMIT: Duration = Duration::from_secs(10);
/// Long enough for a stuck long poll to end once the fake is closing.
const SHUTDOWN_LIMIT: Duration = Duration::from_secs(5);
const MAX_TEXT_UNITS: usize = 4096;
const MAX_CAPTION_UNITS: usize = 1024;
const MAX_CALLBACK_DATA_BYTES: usize = 64;
/// The description of a 429, followed by the seconds to wait.
const FLOOD_WAIT: &str = "Too Many Requests: retry after ";
/// Photos are uploaded in the request body; axum's default 2 MB limit is too small for some.
const MAX_BODY_BYTES: usize = 50 * 1024 * 1024;
/// HTML tags the Bot API accepts in `parse_mode=HTML`.
const HTML_TAGS: &[&str] = &[
    "a",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
];

/// A customer as Telegram describes them in updates. Their private chat has their id.
#[derive(Clone, Debug)]
pub struct TestUser {
    pub id: i64,
    pub first_name: String,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

impl TestUser {
    /// A customer whose Telegram client is in `language_code` ("ru", "uz", "fa", "en", ...).
    /// Use struct update syntax for a user without a username or language.
    pub fn new(id: i64, language_code: &str) -> Self {
        Self {
            id,
            first_name: format!("Customer {id}"),
            username: Some(format!("customer{id}")),
            language_code: Some(language_code.to_owned()),
        }
    }

    pub fn chat_id(&self) -> i64 {
        self.id
    }

    fn to_json(&self) -> Value {
        let mut user = json!({"id": self.id, "is_bot": false, "first_name": self.first_name});
        if let Some(username) = &self.username {
            user["username"] = json!(username);
        }
        if let Some(language_code) = &self.language_code {
            user["language_code"] = json!(language_code);
        }
        user
    }
}

/// An inline keyboard button as the customer sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Button {
    pub text: String,
    pub callback_data: Option<String>,
    pub url: Option<String>,
}

/// What a recorded message is, beyond its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    Text,
    /// `text` holds the caption.
    Photo,
    /// `text` holds the title and the description on two lines.
    Invoice(InvoiceInfo),
    /// The service message of a successful payment; `text` is empty.
    Payment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvoiceInfo {
    pub title: String,
    pub payload: String,
    pub currency: String,
    pub total_amount: u32,
}

/// One message of a chat as the customer sees it now: edits replace the text and keyboard in
/// place, deleted messages disappear.
#[derive(Clone, Debug)]
pub struct ChatMessage {
    pub message_id: i32,
    pub from_bot: bool,
    /// The text or caption as displayed, with HTML markup already rendered away.
    pub text: String,
    pub buttons: Vec<Vec<Button>>,
    /// Labels of a reply keyboard sent with the message (customers "tap" them with `send_text`).
    pub reply_keyboard: Vec<Vec<String>>,
    pub content: Content,
    pub edits: u32,
    /// `Snapshot::revision` when the message was sent or last edited.
    pub revision: u64,
}

impl ChatMessage {
    /// The button labelled exactly `label`, or else the first one whose label contains it.
    pub fn button(&self, label: &str) -> Option<&Button> {
        let all = || self.buttons.iter().flatten();
        all()
            .find(|button| button.text == label)
            .or_else(|| all().find(|button| button.text.contains(label)))
    }
}

/// One request the bot made.
#[derive(Clone, Debug)]
pub struct ApiCall {
    /// The method name in lower case, e.g. `sendmessage`.
    pub method: String,
    pub params: Value,
    /// The error description the fake answered with, if it refused the call.
    pub error: Option<String>,
}

/// Everything tests can observe, as `wait_for` closures see it.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub chats: BTreeMap<i64, Vec<ChatMessage>>,
    pub calls: Vec<ApiCall>,
    /// `(callback query id, text, show_alert)` for every accepted answerCallbackQuery.
    pub callback_answers: Vec<(String, Option<String>, bool)>,
    /// `(pre-checkout query id, ok, error_message)` for every accepted answerPreCheckoutQuery.
    pub pre_checkout_answers: Vec<(String, bool, Option<String>)>,
    /// `(user id, telegram_payment_charge_id)` for every accepted refundStarPayment.
    pub star_refunds: Vec<(i64, String)>,
    /// Grows with every change: an API call, an injected update, a message sent or edited.
    pub revision: u64,
}

impl Snapshot {
    pub fn chat(&self, chat_id: i64) -> &[ChatMessage] {
        self.chats.get(&chat_id).map_or(&[], Vec::as_slice)
    }

    pub fn bot_messages(&self, chat_id: i64) -> impl DoubleEndedIterator<Item = &ChatMessage> {
        self.chat(chat_id).iter().filter(|message| message.from_bot)
    }

    /// Calls of one method, named in any case.
    pub fn calls_to<'a>(&'a self, method: &str) -> impl Iterator<Item = &'a ApiCall> + use<'a> {
        let method = method.to_ascii_lowercase();
        self.calls.iter().filter(move |call| call.method == method)
    }
}

impl fmt::Display for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (chat_id, messages) in &self.chats {
            writeln!(f, "chat {chat_id}:")?;
            for message in messages {
                let sender = if message.from_bot { "bot" } else { "user" };
                let edited = match message.edits {
                    0 => String::new(),
                    edits => format!(" (edited {edits}x)"),
                };
                let kind = match &message.content {
                    Content::Text => String::new(),
                    other => format!(" {other:?}"),
                };
                let text = message.text.replace('\n', "\n        ");
                writeln!(f, "  #{} {sender}{edited}{kind}: {text}", message.message_id)?;
                for row in &message.buttons {
                    let labels: Vec<String> = row.iter().map(describe_button).collect();
                    writeln!(f, "        {}", labels.join(" "))?;
                }
                for row in &message.reply_keyboard {
                    writeln!(f, "        keyboard: {}", row.join(" | "))?;
                }
            }
        }
        let polls = self.calls_to("getupdates").count();
        writeln!(f, "calls ({polls} getUpdates not shown):")?;
        for call in self.calls.iter().filter(|call| call.method != "getupdates") {
            let params = shorten(&call.params.to_string(), 400);
            match &call.error {
                None => writeln!(f, "  {} {params}", call.method)?,
                Some(error) => writeln!(f, "  {} {params}\n    -> {error}", call.method)?,
            }
        }
        writeln!(f, "callback answers: {:?}", self.callback_answers)?;
        writeln!(f, "pre-checkout answers: {:?}", self.pre_checkout_answers)?;
        writeln!(f, "star refunds: {:?}", self.star_refunds)
    }
}

fn describe_button(button: &Button) -> String {
    let target = button
        .callback_data
        .as_deref()
        .or(button.url.as_deref())
        .unwrap_or("?");
    format!("[{} → {target}]", button.text)
}

fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A running fake Bot API server. Dropping it also stops the server, but prefer `shutdown`.
pub struct FakeTelegram {
    shared: Arc<Shared>,
    address: SocketAddr,
    server: Option<JoinHandle<()>>,
    webhook_pusher: JoinHandle<()>,
    stop: Option<oneshot::Sender<()>>,
}

impl FakeTelegram {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Telegram server to 127.0.0.1");
        let address = listener.local_addr().expect("fake Telegram address");
        let shared = Arc::new(Shared::default());
        let app = Router::new()
            .route("/{bot}/{method}", any(handle_request))
            .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
            .with_state(Arc::clone(&shared));
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender stops the server too.
                    let _ = stopped.await;
                })
                .await
                .expect("fake Telegram server failed");
        });
        let webhook_pusher = tokio::spawn(push_to_webhook(Arc::clone(&shared)));
        Self {
            shared,
            address,
            server: Some(server),
            webhook_pusher,
            stop: Some(stop),
        }
    }

    /// The webhook the bot set, if any: `(url, secret_token)`.
    pub fn webhook(&self) -> Option<(String, Option<String>)> {
        let state = self.shared.lock();
        let webhook = state.webhook.as_ref()?;
        Some((webhook.url.clone(), webhook.secret.clone()))
    }

    /// The base URL to give teloxide (`set_api_url`) or the bot (`TELEGRAM_API_URL`).
    pub fn api_url(&self) -> reqwest::Url {
        format!("http://{}/", self.address)
            .parse()
            .expect("fake Telegram URL")
    }

    /// A plain bot pointed at the fake.
    pub fn bot(&self) -> teloxide::Bot {
        teloxide::Bot::new(TOKEN).set_api_url(self.api_url())
    }

    /// Stops the server and waits for it, so no test leaves it running.
    pub async fn shutdown(mut self) {
        let Some(mut server) = self.close() else {
            return;
        };
        if tokio::time::timeout(SHUTDOWN_LIMIT, &mut server).await.is_err() {
            server.abort();
        }
    }

    /// Ends pending long polls and starts the graceful shutdown of the server.
    fn close(&mut self) -> Option<JoinHandle<()>> {
        self.shared.update(|state| state.closing = true);
        self.webhook_pusher.abort();
        self.stop.take();
        self.server.take()
    }

    // --- Acting as a customer ---

    /// The customer sends `text`; a leading `/command` gets its `bot_command` entity like in
    /// Telegram. Returns the new message's id.
    pub fn send_text(&self, user: &TestUser, text: &str) -> i32 {
        self.post_text(user, text, None)
    }

    /// The customer sends `text` in reply to message `reply_to` of their chat, as when a command
    /// acts on the message it answers. Returns the new message's id.
    pub fn reply_text(&self, user: &TestUser, reply_to: i32, text: &str) -> i32 {
        self.post_text(user, text, Some(reply_to))
    }

    fn post_text(&self, user: &TestUser, text: &str, reply_to: Option<i32>) -> i32 {
        self.shared.update(|state| {
            let mut content = Map::new();
            content.insert("text".into(), json!(text));
            if let Some(reply_to) = reply_to {
                let Some(replied) = state.messages.get(&(user.chat_id(), reply_to)) else {
                    panic!(
                        "no message {reply_to} to reply to in chat {}\n{}",
                        user.chat_id(),
                        state.seen
                    );
                };
                content.insert("reply_to_message".into(), replied.wire.clone());
            }
            if text.starts_with('/') {
                let command = text.split_whitespace().next().unwrap_or(text);
                let length = command.encode_utf16().count();
                content.insert(
                    "entities".into(),
                    json!([{"type": "bot_command", "offset": 0, "length": length}]),
                );
            }
            let posted = Posted {
                content: Content::Text,
                text: text.to_owned(),
                source: text.to_owned(),
                wire: content,
                markup: Markup::default(),
            };
            let (message_id, wire) = state.post(user.chat_id(), Sender::User(user), posted);
            state.enqueue(user, "message", wire);
            message_id
        })
    }

    /// The customer sends a photo with `caption` (none when empty). Returns the new message's id.
    pub fn send_photo(&self, user: &TestUser, caption: &str) -> i32 {
        self.shared.update(|state| {
            let file_id = format!("photo-{}", state.next_serial());
            let mut content = Map::new();
            content.insert(
                "photo".into(),
                json!([{"file_id": file_id, "file_unique_id": file_id, "width": 640, "height": 480}]),
            );
            if !caption.is_empty() {
                content.insert("caption".into(), json!(caption));
            }
            let posted = Posted {
                content: Content::Photo,
                text: caption.to_owned(),
                source: caption.to_owned(),
                wire: content,
                markup: Markup::default(),
            };
            let (message_id, wire) = state.post(user.chat_id(), Sender::User(user), posted);
            state.enqueue(user, "message", wire);
            message_id
        })
    }

    /// The customer taps an inline button carrying `data` under message `message_id` of their
    /// chat. Any data is allowed, so tests can also tap stale or forged buttons. Returns the
    /// callback query id.
    pub fn tap(&self, user: &TestUser, message_id: i32, data: &str) -> String {
        self.shared.update(|state| {
            let chat_id = user.chat_id();
            let Some(stored) = state.messages.get(&(chat_id, message_id)) else {
                panic!("no message {message_id} to tap in chat {chat_id}\n{}", state.seen);
            };
            let message = stored.wire.clone();
            let id = state.open_query();
            let query = json!({
                "id": id,
                "from": user.to_json(),
                "message": message,
                "chat_instance": format!("instance-{chat_id}"),
                "data": data,
            });
            state.enqueue(user, "callback_query", query);
            id
        })
    }

    /// Taps the button labelled `label` (exactly, or else containing it) on the newest bot
    /// message of the customer's chat that has one. Returns the callback query id. Wait for the
    /// message first: this looks at the chat as it is now.
    pub fn tap_button(&self, user: &TestUser, label: &str) -> String {
        let (message_id, button) = self.read(|seen| {
            let found = seen
                .bot_messages(user.chat_id())
                .rev()
                .find_map(|message| Some((message.message_id, message.button(label)?.clone())));
            found.unwrap_or_else(|| panic!("no button labelled {label:?} in chat {}\n{seen}", user.chat_id()))
        });
        let Some(data) = button.callback_data else {
            panic!(
                "button {:?} opens {:?}; it sends no callback query",
                button.text, button.url
            );
        };
        self.tap(user, message_id, &data)
    }

    /// Pays the invoice `invoice_message_id` the bot sent to the customer, the way Telegram
    /// does: a pre-checkout query first, then — only if the bot approved it — the successful
    /// payment message. Returns that message's id, or the bot's `error_message` on refusal.
    pub async fn pay_invoice(&self, user: &TestUser, invoice_message_id: i32) -> Result<i32, Option<String>> {
        let chat_id = user.chat_id();
        let invoice = self.read(|seen| {
            let message = seen
                .chat(chat_id)
                .iter()
                .find(|message| message.message_id == invoice_message_id);
            match message.map(|message| &message.content) {
                Some(Content::Invoice(invoice)) => invoice.clone(),
                _ => panic!("message {invoice_message_id} in chat {chat_id} is no invoice\n{seen}"),
            }
        });
        self.pre_checkout(user, &invoice.currency, invoice.total_amount, &invoice.payload)
            .await?;
        Ok(self.shared.update(|state| {
            let charge = state.next_serial();
            if invoice.currency == "XTR" {
                state
                    .star_charges
                    .insert(format!("tg-charge-{charge}"), (user.id, false));
            }
            let mut content = Map::new();
            content.insert(
                "successful_payment".into(),
                json!({
                    "currency": invoice.currency,
                    "total_amount": invoice.total_amount,
                    "invoice_payload": invoice.payload,
                    "telegram_payment_charge_id": format!("tg-charge-{charge}"),
                    "provider_payment_charge_id": format!("provider-charge-{charge}"),
                }),
            );
            let posted = Posted {
                content: Content::Payment,
                text: String::new(),
                source: String::new(),
                wire: content,
                markup: Markup::default(),
            };
            let (message_id, wire) = state.post(chat_id, Sender::User(user), posted);
            state.enqueue(user, "message", wire);
            message_id
        }))
    }

    /// The customer's app asks the bot whether this payment may go ahead, as Telegram does before
    /// taking money; any payload and amount, so tests can also present forged ones. Waits for
    /// the bot's answer: `Ok` if it approved, else its `error_message`.
    pub async fn pre_checkout(
        &self,
        user: &TestUser,
        currency: &str,
        total_amount: u32,
        payload: &str,
    ) -> Result<(), Option<String>> {
        let query_id = self.shared.update(|state| {
            let id = state.open_query();
            let query = json!({
                "id": id,
                "from": user.to_json(),
                "currency": currency,
                "total_amount": total_amount,
                "invoice_payload": payload,
            });
            state.enqueue(user, "pre_checkout_query", query);
            id
        });
        let (ok, error_message) = self
            .wait_for(&format!("an answer to pre-checkout query {query_id}"), |seen| {
                let mut answers = seen.pre_checkout_answers.iter();
                let (_, ok, error) = answers.find(|(id, ..)| *id == query_id)?;
                Some((*ok, error.clone()))
            })
            .await;
        if ok { Ok(()) } else { Err(error_message) }
    }

    /// Delivers the customer's message `message_id` to the bot once more, in a new update, as
    /// Telegram does when it is not sure the bot got it (e.g. a `successful_payment`).
    pub fn deliver_again(&self, user: &TestUser, message_id: i32) {
        self.shared.update(|state| {
            let Some(stored) = state.messages.get(&(user.chat_id(), message_id)) else {
                panic!(
                    "no message {message_id} in chat {}\n{}",
                    user.chat_id(),
                    state.seen
                );
            };
            let wire = stored.wire.clone();
            state.enqueue(user, "message", wire);
        });
    }

    /// From now on the bot's messages to this customer fail with 403, as after a block.
    pub fn block_bot(&self, user: &TestUser) {
        self.shared.update(|state| state.blocked.insert(user.chat_id()));
    }

    /// Telegram's flood control on `method` (any case): `passes` more calls go through, then each
    /// is refused with 429 and `retry_after` seconds, until `end_flood_control`.
    pub fn flood_control(&self, method: &str, passes: usize, retry_after: u32) {
        let flood = Flood {
            method: method.to_ascii_lowercase(),
            passes,
            retry_after,
        };
        self.shared.update(|state| state.flood = Some(flood));
    }

    pub fn end_flood_control(&self) {
        self.shared.update(|state| state.flood = None);
    }

    /// From now on getMe answers as a Bot API server older than 7.2 does (no
    /// `can_connect_to_business`, no `has_main_web_app`), which teloxide 0.17 cannot read.
    pub fn answer_get_me_like_an_older_server(&self) {
        self.shared.update(|state| state.older_get_me = true);
    }

    // --- Observing ---

    pub fn chat(&self, chat_id: i64) -> Vec<ChatMessage> {
        self.read(|seen| seen.chat(chat_id).to_vec())
    }

    pub fn bot_messages(&self, chat_id: i64) -> Vec<ChatMessage> {
        self.read(|seen| seen.bot_messages(chat_id).cloned().collect())
    }

    /// The newest bot message in the chat; panics with a dump if there is none.
    pub fn last_bot_message(&self, chat_id: i64) -> ChatMessage {
        self.read(|seen| {
            let last = seen.bot_messages(chat_id).last().cloned();
            last.unwrap_or_else(|| panic!("no bot message in chat {chat_id}\n{seen}"))
        })
    }

    pub fn calls(&self) -> Vec<ApiCall> {
        self.read(|seen| seen.calls.clone())
    }

    pub fn callback_answers(&self) -> Vec<(String, Option<String>, bool)> {
        self.read(|seen| seen.callback_answers.clone())
    }

    /// `(user id, telegram_payment_charge_id)` of every Stars payment the bot refunded.
    pub fn star_refunds(&self) -> Vec<(i64, String)> {
        self.read(|seen| seen.star_refunds.clone())
    }

    /// Updates queued for the bot that no getUpdates has returned yet.
    pub fn updates_pending(&self) -> usize {
        let state = self.shared.lock();
        let fetched_up_to = state.fetched_up_to;
        state.queue.iter().filter(|(id, _)| *id > fetched_up_to).count()
    }

    pub fn revision(&self) -> u64 {
        self.read(|seen| seen.revision)
    }

    /// A readable dump of all chats and calls, for assertion messages.
    pub fn dump(&self) -> String {
        self.read(ToString::to_string)
    }

    fn read<T>(&self, f: impl FnOnce(&Snapshot) -> T) -> T {
        f(&self.shared.lock().seen)
    }

    // --- Waiting ---

    /// Waits until `f` finds something, re-checking on every change. Panics after 10 s with
    /// `what` and a dump of everything recorded. `f` runs under the fake's lock: it must not
    /// call the fake.
    pub async fn wait_for<T>(&self, what: &str, f: impl Fn(&Snapshot) -> Option<T>) -> T {
        let deadline = Instant::now() + WAIT_LIMIT;
        let found = self.shared.wait_until(deadline, |state| f(&state.seen)).await;
        found.unwrap_or_else(|| {
            panic!(
                "timed out after {WAIT_LIMIT:?} waiting for {what}\n{}",
                self.dump()
            )
        })
    }

    /// Waits until the bot answers the callback query; returns `(id, text, show_alert)`.
    pub async fn wait_callback_answered(&self, callback_query_id: &str) -> (String, Option<String>, bool) {
        let what = format!("an answer to callback query {callback_query_id}");
        self.wait_for(&what, |seen| {
            let mut answers = seen.callback_answers.iter();
            answers.find(|(id, ..)| id == callback_query_id).cloned()
        })
        .await
    }

    /// Waits for a bot message in the chat, sent or edited after the customer's latest action
    /// there (so texts from earlier steps never match), whose text contains `needle`.
    pub async fn wait_bot_message_containing(&self, chat_id: i64, needle: &str) -> ChatMessage {
        let since = self.shared.lock().last_action(chat_id);
        self.wait_bot_message_since(chat_id, needle, since).await
    }

    /// Like `wait_bot_message_containing`, for messages sent or edited after `revision` (take
    /// it from `revision()` before causing what you wait for, e.g. a background notification).
    pub async fn wait_bot_message_since(&self, chat_id: i64, needle: &str, revision: u64) -> ChatMessage {
        let what = format!("a bot message containing {needle:?} in chat {chat_id}");
        self.wait_for(&what, |seen| {
            let mut fresh = seen
                .bot_messages(chat_id)
                .filter(|message| message.revision > revision);
            fresh.find(|message| message.text.contains(needle)).cloned()
        })
        .await
    }
}

impl Drop for FakeTelegram {
    fn drop(&mut self) {
        // Without `shutdown` the server still stops on its own once its connections end.
        self.close();
    }
}

// --- Shared state ---

#[derive(Default)]
struct Shared {
    state: Mutex<FakeState>,
    /// Woken on every change, for long polls and `wait_for`.
    changed: Notify,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, FakeState> {
        // A failed assertion inside a test closure must not hide the fake's state from the next.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn update<T>(&self, f: impl FnOnce(&mut FakeState) -> T) -> T {
        let result = f(&mut self.lock());
        self.changed.notify_waiters();
        result
    }

    /// Runs `check` now and after every change until it returns something or `deadline` passes.
    async fn wait_until<T>(
        &self,
        deadline: Instant,
        mut check: impl FnMut(&mut FakeState) -> Option<T>,
    ) -> Option<T> {
        loop {
            // Registered before checking, so a change between the check and the wait wakes us.
            let changed = self.changed.notified();
            let mut changed = std::pin::pin!(changed);
            changed.as_mut().enable();
            if let Some(found) = check(&mut self.lock()) {
                return Some(found);
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return check(&mut self.lock());
            }
        }
    }

    async fn get_updates(&self, params: &Map<String, Value>) -> Reply {
        if self.lock().webhook.is_some() {
            return Err(Failure {
                code: 409,
                description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first".into(),
            });
        }
        let offset = int(params, "offset").unwrap_or(0);
        let limit = int(params, "limit").map_or(100, |limit| limit.clamp(1, 100) as usize);
        let timeout = int(params, "timeout").unwrap_or(0).max(0).unsigned_abs();
        let deadline = Instant::now() + Duration::from_secs(timeout);
        let updates = self
            .wait_until(deadline, |state| state.take_updates(offset, limit))
            .await;
        Ok(Value::Array(updates.unwrap_or_default()))
    }
}

/// Telegram's side of a webhook: while one is set, queued updates are POSTed to it one by one,
/// oldest first, with the secret token header, and leave the queue once answered with 2xx
/// (anything else is tried again, as Telegram does).
async fn push_to_webhook(shared: Arc<Shared>) {
    let client = reqwest::Client::new();
    loop {
        let next = shared
            .wait_until(Instant::now() + Duration::from_secs(1), |state| {
                let webhook = state.webhook.clone().filter(|_| !state.closing)?;
                let (id, update) = state.queue.front()?.clone();
                Some((webhook, id, update))
            })
            .await;
        let Some((webhook, id, update)) = next else {
            continue;
        };
        let mut request = client.post(&webhook.url).json(&update);
        if let Some(secret) = &webhook.secret {
            request = request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        match request.send().await {
            Ok(response) if response.status().is_success() => shared.update(|state| {
                state.queue.retain(|(queued, _)| *queued != id);
                state.fetched_up_to = state.fetched_up_to.max(id);
            }),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// An API error as Telegram reports it.
struct Failure {
    code: u16,
    description: String,
}

type Reply = Result<Value, Failure>;

fn bad_request(description: impl fmt::Display) -> Failure {
    Failure {
        code: 400,
        description: format!("Bad Request: {description}"),
    }
}

#[derive(Default)]
struct FakeState {
    seen: Snapshot,
    /// Updates the bot has not confirmed with a higher getUpdates offset, oldest first.
    queue: VecDeque<(i32, Value)>,
    last_update_id: i32,
    /// The highest update id getUpdates has returned.
    fetched_up_to: i32,
    /// Message ids are per chat and shared by the customer and the bot, as in Telegram.
    last_message_id: HashMap<i64, i32>,
    messages: HashMap<(i64, i32), Stored>,
    users: HashMap<i64, TestUser>,
    /// Callback and pre-checkout queries not answered yet: Telegram takes one answer each.
    open_queries: HashSet<String>,
    /// Numbers query, payment and file ids.
    last_serial: u64,
    /// `seen.revision` at each chat's latest customer action.
    last_actions: HashMap<i64, u64>,
    blocked: HashSet<i64>,
    /// Stars payments by charge id: `(payer, refunded)`.
    star_charges: HashMap<String, (i64, bool)>,
    flood: Option<Flood>,
    /// Set by `setWebhook`: updates are pushed there instead of waiting for getUpdates.
    webhook: Option<Webhook>,
    /// See `FakeTelegram::answer_get_me_like_an_older_server`.
    older_get_me: bool,
    /// See `FakeTelegram::set_chat_member`.
    chat_members: HashMap<(String, i64), &'static str>,
    closing: bool,
}

#[derive(Clone)]
struct Webhook {
    url: String,
    secret: Option<String>,
}

/// See `FakeTelegram::flood_control`.
struct Flood {
    method: String,
    passes: usize,
    retry_after: u32,
}

/// What the fake keeps of a message besides its `ChatMessage`.
struct Stored {
    /// The Message JSON as Telegram would send it now, echoed in callback queries.
    wire: Value,
    /// The text or caption as the bot sent it, markup included, to detect no-op edits.
    source: String,
}

enum Sender<'a> {
    Bot,
    User(&'a TestUser),
}

/// A message about to be posted to a chat.
struct Posted {
    content: Content,
    /// As displayed.
    text: String,
    /// As sent, before rendering markup.
    source: String,
    /// The content fields of the wire Message (`text`, `photo`, `invoice`, ...).
    wire: Map<String, Value>,
    markup: Markup,
}

/// The reply_markup of a request: inline keyboards are echoed back in the Message, reply
/// keyboards are only recorded, as Telegram does.
#[derive(Default)]
struct Markup {
    inline: Option<Value>,
    buttons: Vec<Vec<Button>>,
    reply_keyboard: Vec<Vec<String>>,
}

enum EditTarget {
    Text,
    Caption,
    Markup,
}

impl FakeState {
    fn bump(&mut self) -> u64 {
        self.seen.revision += 1;
        self.seen.revision
    }

    fn last_action(&self, chat_id: i64) -> u64 {
        self.last_actions.get(&chat_id).copied().unwrap_or(0)
    }

    fn next_serial(&mut self) -> u64 {
        self.last_serial += 1;
        self.last_serial
    }

    fn open_query(&mut self) -> String {
        // Telegram's query ids are long decimal strings.
        let id = (4_000_000_000_000_000_000 + self.next_serial()).to_string();
        self.open_queries.insert(id.clone());
        id
    }

    fn set_webhook(&mut self, params: &Map<String, Value>) -> Reply {
        let url = string(params, "url").ok_or_else(|| bad_request("bad webhook: URL is empty"))?;
        self.webhook = Some(Webhook {
            url,
            secret: string(params, "secret_token"),
        });
        self.drop_pending_if_asked(params);
        Ok(json!(true))
    }

    fn drop_pending_if_asked(&mut self, params: &Map<String, Value>) {
        if params
            .get("drop_pending_updates")
            .is_some_and(|v| v == true || v == "true")
        {
            self.queue.clear();
        }
    }

    fn enqueue(&mut self, user: &TestUser, kind: &str, payload: Value) {
        self.last_update_id += 1;
        let update = json!({"update_id": self.last_update_id, kind: payload});
        self.queue.push_back((self.last_update_id, update));
        self.users.insert(user.id, user.clone());
        let revision = self.bump();
        self.last_actions.insert(user.chat_id(), revision);
    }

    /// Confirms updates below `offset` and returns the next batch, or `None` to keep waiting.
    fn take_updates(&mut self, offset: i64, limit: usize) -> Option<Vec<Value>> {
        if offset < 0 {
            // A negative offset keeps only the last `-offset` updates.
            let keep = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
            let forget = self.queue.len().saturating_sub(keep);
            self.queue.drain(..forget);
        } else {
            self.queue.retain(|(id, _)| i64::from(*id) >= offset);
        }
        if self.closing {
            return Some(Vec::new());
        }
        let batch: Vec<(i32, Value)> = self.queue.iter().take(limit).cloned().collect();
        let (last_id, _) = batch.last()?;
        self.fetched_up_to = self.fetched_up_to.max(*last_id);
        Some(batch.into_iter().map(|(_, update)| update).collect())
    }

    fn record(&mut self, method: &str, params: Map<String, Value>, reply: &Reply) {
        self.seen.calls.push(ApiCall {
            method: method.to_owned(),
            params: Value::Object(params),
            error: reply.as_ref().err().map(|failure| failure.description.clone()),
        });
        self.bump();
    }

    fn call(&mut self, method: &str, params: &Map<String, Value>) -> Reply {
        if let Some(flood) = self.flood.as_mut().filter(|flood| flood.method == method) {
            if flood.passes == 0 {
                return Err(Failure {
                    code: 429,
                    description: format!("{FLOOD_WAIT}{}", flood.retry_after),
                });
            }
            flood.passes -= 1;
        }
        match method {
            "getme" if self.older_get_me => Ok(older_bot_me()),
            "getme" => Ok(bot_me()),
            "getwebhookinfo" => Ok(json!({
                "url": self.webhook.as_ref().map_or("", |webhook| webhook.url.as_str()),
                "has_custom_certificate": false,
                "pending_update_count": self.queue.len(),
            })),
            "setmycommands" => set_my_commands(params),
            "setwebhook" => self.set_webhook(params),
            "deletewebhook" => {
                self.webhook = None;
                self.drop_pending_if_asked(params);
                Ok(json!(true))
            }
            "deletemycommands"
            | "setmydescription"
            | "setmyshortdescription"
            | "setchatmenubutton"
            | "sendchataction" => Ok(json!(true)),
            "sendmessage" => self.send_message(params),
            "sendphoto" => self.send_photo(params),
            "sendinvoice" => self.send_invoice(params),
            "copymessage" => self.copy_message(params),
            "editmessagetext" => self.edit(params, EditTarget::Text),
            "editmessagecaption" => self.edit(params, EditTarget::Caption),
            "editmessagereplymarkup" => self.edit(params, EditTarget::Markup),
            "deletemessage" => self.delete_message(params),
            "answercallbackquery" => self.answer_callback_query(params),
            "answerprecheckoutquery" => self.answer_pre_checkout_query(params),
            "refundstarpayment" => self.refund_star_payment(params),
            "getchatmember" => self.get_chat_member(params),
            _ => Err(Failure {
                code: 404,
                description: format!("Not Found: method {method:?} is not implemented by the fake Bot API"),
            }),
        }
    }

    /// The chat a request addresses, refusing blocked customers like Telegram.
    fn target_chat(&self, params: &Map<String, Value>, key: &str) -> Result<i64, Failure> {
        let chat_id = match params.get(key) {
            None | Some(Value::Null) => return Err(bad_request(format!("{key} is empty"))),
            Some(_) => int(params, key).ok_or_else(|| bad_request("chat not found"))?,
        };
        if self.blocked.contains(&chat_id) {
            return Err(Failure {
                code: 403,
                description: "Forbidden: bot was blocked by the user".into(),
            });
        }
        Ok(chat_id)
    }

    fn send_message(&mut self, params: &Map<String, Value>) -> Reply {
        let chat_id = self.target_chat(params, "chat_id")?;
        let source = string(params, "text").unwrap_or_default();
        let text = render_text(&source, params)?;
        let posted = Posted {
            content: Content::Text,
            wire: Map::from_iter([("text".into(), json!(text))]),
            text,
            source,
            markup: read_markup(params)?,
        };
        Ok(self.post(chat_id, Sender::Bot, posted).1)
    }

    fn send_photo(&mut self, params: &Map<String, Value>) -> Reply {
        let chat_id = self.target_chat(params, "chat_id")?;
        if string(params, "photo").is_none_or(|photo| photo.is_empty()) {
            return Err(bad_request("photo is empty"));
        }
        let source = string(params, "caption").unwrap_or_default();
        let caption = render_caption(&source, params)?;
        let file_id = format!("photo-{}", self.next_serial());
        let mut wire = Map::new();
        wire.insert(
            "photo".into(),
            json!([{"file_id": file_id, "file_unique_id": file_id, "width": 640, "height": 480}]),
        );
        if !caption.is_empty() {
            wire.insert("caption".into(), json!(caption));
        }
        let posted = Posted {
            content: Content::Photo,
            text: caption,
            source,
            wire,
            markup: read_markup(params)?,
        };
        Ok(self.post(chat_id, Sender::Bot, posted).1)
    }

    fn send_invoice(&mut self, params: &Map<String, Value>) -> Reply {
        let chat_id = self.target_chat(params, "chat_id")?;
        let required = |key: &str| {
            string(params, key)
                .filter(|value| !value.is_empty())
                .ok_or_else(|| bad_request(format!("{key} is empty")))
        };
        let title = required("title")?;
        let description = required("description")?;
        let payload = required("payload")?;
        let currency = required("currency")?;
        let prices = object(params, "prices").unwrap_or_default();
        let amounts = prices.as_array().into_iter().flatten();
        let total_amount = amounts
            .map(|price| price["amount"].as_u64())
            .sum::<Option<u64>>()
            .and_then(|total| u32::try_from(total).ok())
            .filter(|total| *total > 0)
            .ok_or_else(|| bad_request("CURRENCY_TOTAL_AMOUNT_INVALID"))?;
        let invoice = json!({
            "title": title,
            "description": description,
            "start_parameter": string(params, "start_parameter").unwrap_or_default(),
            "currency": currency,
            "total_amount": total_amount,
        });
        let text = format!("{title}\n{description}");
        let posted = Posted {
            content: Content::Invoice(InvoiceInfo {
                title,
                payload,
                currency,
                total_amount,
            }),
            source: text.clone(),
            text,
            wire: Map::from_iter([("invoice".into(), invoice)]),
            markup: read_markup(params)?,
        };
        Ok(self.post(chat_id, Sender::Bot, posted).1)
    }

    /// Copies a message (the usual way to broadcast); answers with a bare MessageId.
    fn copy_message(&mut self, params: &Map<String, Value>) -> Reply {
        let chat_id = self.target_chat(params, "chat_id")?;
        let from_chat_id = int(params, "from_chat_id").ok_or_else(|| bad_request("chat not found"))?;
        let message_id = message_id(params)?;
        let original = self
            .find(from_chat_id, message_id)
            .ok_or_else(|| bad_request("message to copy not found"))?
            .clone();
        let stored = &self.messages[&(from_chat_id, message_id)];
        let mut wire = stored.wire.as_object().cloned().unwrap_or_default();
        wire.retain(|key, _| ["text", "entities", "photo", "caption"].contains(&key.as_str()));
        let markup = if params.contains_key("reply_markup") {
            read_markup(params)?
        } else {
            Markup {
                inline: stored.wire.get("reply_markup").cloned(),
                buttons: original.buttons,
                reply_keyboard: Vec::new(),
            }
        };
        let posted = Posted {
            content: original.content,
            text: original.text,
            source: stored.source.clone(),
            wire,
            markup,
        };
        let (copy_id, _) = self.post(chat_id, Sender::Bot, posted);
        Ok(json!({"message_id": copy_id}))
    }

    fn edit(&mut self, params: &Map<String, Value>, target: EditTarget) -> Reply {
        if !params.contains_key("chat_id") && params.contains_key("inline_message_id") {
            return Err(bad_request("inline messages are not supported by the fake"));
        }
        let chat_id = self.target_chat(params, "chat_id")?;
        let message_id = message_id(params)?;
        let Some(current) = self.find(chat_id, message_id) else {
            return Err(bad_request("message to edit not found"));
        };
        if !current.from_bot {
            return Err(bad_request("message can't be edited"));
        }
        let (source, text) = match target {
            EditTarget::Text if current.content != Content::Text => {
                return Err(bad_request("there is no text in the message to edit"));
            }
            EditTarget::Caption if current.content != Content::Photo => {
                return Err(bad_request("there is no caption in the message to edit"));
            }
            EditTarget::Text => {
                let source = string(params, "text").unwrap_or_default();
                let text = render_text(&source, params)?;
                (source, text)
            }
            EditTarget::Caption => {
                let source = string(params, "caption").unwrap_or_default();
                let text = render_caption(&source, params)?;
                (source, text)
            }
            EditTarget::Markup => {
                let stored = &self.messages[&(chat_id, message_id)];
                (stored.source.clone(), current.text.clone())
            }
        };
        // A missing reply_markup removes the inline keyboard, as in Telegram.
        let markup = read_markup(params)?;
        let stored = &self.messages[&(chat_id, message_id)];
        if source == stored.source && markup.inline.as_ref() == stored.wire.get("reply_markup") {
            return Err(bad_request(
                "message is not modified: specified new message content and reply markup are \
                 exactly the same as a current content and reply markup of the message",
            ));
        }

        let revision = self.bump();
        let stored = self
            .messages
            .get_mut(&(chat_id, message_id))
            .expect("edited message is stored");
        stored.source = source;
        let wire = stored.wire.as_object_mut().expect("a message is an object");
        match target {
            EditTarget::Text => set_field(wire, "text", Some(json!(text))),
            EditTarget::Caption => set_field(wire, "caption", (!text.is_empty()).then(|| json!(text))),
            EditTarget::Markup => {}
        }
        wire.insert("edit_date".into(), json!(unix_now()));
        set_field(wire, "reply_markup", markup.inline);
        let wire = Value::Object(wire.clone());
        let message = self
            .find_mut(chat_id, message_id)
            .expect("edited message is recorded");
        message.text = text;
        message.buttons = markup.buttons;
        message.edits += 1;
        message.revision = revision;
        Ok(wire)
    }

    fn delete_message(&mut self, params: &Map<String, Value>) -> Reply {
        let chat_id = self.target_chat(params, "chat_id")?;
        let message_id = message_id(params)?;
        if self.messages.remove(&(chat_id, message_id)).is_none() {
            return Err(bad_request("message to delete not found"));
        }
        if let Some(messages) = self.seen.chats.get_mut(&chat_id) {
            messages.retain(|message| message.message_id != message_id);
        }
        self.bump();
        Ok(json!(true))
    }

    fn answer_callback_query(&mut self, params: &Map<String, Value>) -> Reply {
        let id = self.close_query(params, "callback_query_id")?;
        let text = string(params, "text");
        self.seen
            .callback_answers
            .push((id, text, flag(params, "show_alert")));
        Ok(json!(true))
    }

    fn answer_pre_checkout_query(&mut self, params: &Map<String, Value>) -> Reply {
        let ok = flag(params, "ok");
        let error_message = string(params, "error_message");
        if !ok && error_message.as_deref().is_none_or(str::is_empty) {
            return Err(bad_request("ERROR_MESSAGE_EMPTY"));
        }
        let id = self.close_query(params, "pre_checkout_query_id")?;
        self.seen.pre_checkout_answers.push((id, ok, error_message));
        Ok(json!(true))
    }

    /// Returns a Stars payment to its payer, once, like Telegram.
    fn refund_star_payment(&mut self, params: &Map<String, Value>) -> Reply {
        let user_id = int(params, "user_id").ok_or_else(|| bad_request("user_id is empty"))?;
        let charge_id = string(params, "telegram_payment_charge_id").unwrap_or_default();
        match self.star_charges.get_mut(&charge_id) {
            Some((payer, refunded)) if *payer == user_id => {
                if *refunded {
                    return Err(bad_request("CHARGE_ALREADY_REFUNDED"));
                }
                *refunded = true;
                self.seen.star_refunds.push((user_id, charge_id));
                Ok(json!(true))
            }
            _ => Err(bad_request("CHARGE_NOT_FOUND")),
        }
    }

    /// Accepts the one answer Telegram allows per query.
    fn close_query(&mut self, params: &Map<String, Value>, key: &str) -> Result<String, Failure> {
        let id = string(params, key).unwrap_or_default();
        if !self.open_queries.remove(&id) {
            return Err(bad_request(
                "query is too old and response timeout expired or query id is invalid",
            ));
        }
        Ok(id)
    }

    fn find(&self, chat_id: i64, message_id: i32) -> Option<&ChatMessage> {
        let messages = self.seen.chats.get(&chat_id)?;
        messages.iter().find(|message| message.message_id == message_id)
    }

    fn find_mut(&mut self, chat_id: i64, message_id: i32) -> Option<&mut ChatMessage> {
        let messages = self.seen.chats.get_mut(&chat_id)?;
        messages
            .iter_mut()
            .find(|message| message.message_id == message_id)
    }

    /// Adds a message to the chat; returns its id and its wire JSON.
    fn post(&mut self, chat_id: i64, sender: Sender<'_>, posted: Posted) -> (i32, Value) {
        let message_id = {
            let last = self.last_message_id.entry(chat_id).or_insert(0);
            *last += 1;
            *last
        };
        let from_bot = matches!(sender, Sender::Bot);
        let from = match sender {
            Sender::Bot => bot_user(),
            Sender::User(user) => {
                self.users.insert(user.id, user.clone());
                user.to_json()
            }
        };
        let mut wire = Map::from_iter([
            ("message_id".into(), json!(message_id)),
            ("date".into(), json!(unix_now())),
            ("chat".into(), self.chat_json(chat_id)),
            ("from".into(), from),
        ]);
        wire.extend(posted.wire);
        set_field(&mut wire, "reply_markup", posted.markup.inline);
        let wire = Value::Object(wire);
        let revision = self.bump();
        self.seen.chats.entry(chat_id).or_default().push(ChatMessage {
            message_id,
            from_bot,
            text: posted.text,
            buttons: posted.markup.buttons,
            reply_keyboard: posted.markup.reply_keyboard,
            content: posted.content,
            edits: 0,
            revision,
        });
        let stored = Stored {
            wire: wire.clone(),
            source: posted.source,
        };
        self.messages.insert((chat_id, message_id), stored);
        (message_id, wire)
    }

    fn chat_json(&self, chat_id: i64) -> Value {
        if chat_id < 0 {
            return json!({"id": chat_id, "type": "supergroup", "title": format!("Chat {chat_id}")});
        }
        let mut chat = json!({"id": chat_id, "type": "private"});
        match self.users.get(&chat_id) {
            Some(user) => {
                chat["first_name"] = json!(user.first_name);
                if let Some(username) = &user.username {
                    chat["username"] = json!(username);
                }
            }
            None => chat["first_name"] = json!(format!("User {chat_id}")),
        }
        chat
    }
}

fn bot_user() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": "SMM Test Bot",
        "username": BOT_USERNAME,
    })
}

fn bot_me() -> Value {
    json!({
        "id": BOT_ID,
        "is_bot": true,
        "first_name": "SMM Test Bot",
        "username": BOT_USERNAME,
        "can_join_groups": true,
        "can_read_all_group_messages": false,
        "supports_inline_queries": false,
        "can_connect_to_business": false,
        "has_main_web_app": false,
    })
}

/// `getMe` as Bot API servers before 7.2 answered it.
fn older_bot_me() -> Value {
    let mut me = bot_user();
    me["can_join_groups"] = json!(true);
    me["can_read_all_group_messages"] = json!(false);
    me["supports_inline_queries"] = json!(false);
    me
}

fn set_field(object: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    match value {
        Some(value) => object.insert(key.into(), value),
        None => object.remove(key),
    };
}

fn unix_now() -> u64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH);
    now.expect("clock after 1970").as_secs()
}

/// Telegram's command rules: 1–32 lowercase letters, digits and underscores.
fn set_my_commands(params: &Map<String, Value>) -> Reply {
    let commands = object(params, "commands").unwrap_or(Value::Null);
    let Some(commands) = commands.as_array() else {
        return Err(bad_request("commands is empty"));
    };
    for command in commands {
        let name = command["command"].as_str().unwrap_or_default();
        let valid = (1..=32).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(bad_request("BOT_COMMAND_INVALID"));
        }
    }
    Ok(json!(true))
}

// --- Reading requests ---

async fn handle_request(
    State(shared): State<Arc<Shared>>,
    Path((bot, method)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, Json<Value>) {
    // Telegram method names are case-insensitive; teloxide sends them capitalised.
    let method = method.to_ascii_lowercase();
    let (params, reply) = match read_params(&uri, &headers, &body) {
        Err(failure) => (Map::new(), Err(failure)),
        Ok(_) if bot != format!("bot{TOKEN}") => (
            Map::new(),
            Err(Failure {
                code: 401,
                description: "Unauthorized".into(),
            }),
        ),
        Ok(params) if method == "getupdates" => {
            let reply = shared.get_updates(&params).await;
            (params, reply)
        }
        Ok(params) => {
            let reply = shared.update(|state| state.call(&method, &params));
            (params, reply)
        }
    };
    let response = match &reply {
        Ok(result) => (StatusCode::OK, json!({"ok": true, "result": result})),
        Err(failure) => {
            let mut body =
                json!({"ok": false, "error_code": failure.code, "description": failure.description});
            // Telegram repeats a flood wait in `parameters`, which is where clients read it.
            if let Some(wait) = failure.description.strip_prefix(FLOOD_WAIT) {
                body["parameters"] = json!({"retry_after": wait.parse::<u32>().unwrap_or(1)});
            }
            let status = StatusCode::from_u16(failure.code).unwrap_or(StatusCode::BAD_REQUEST);
            (status, body)
        }
    };
    shared.update(|state| state.record(&method, params, &reply));
    (response.0, Json(response.1))
}

/// Query string and body parameters; the body is JSON, a form or multipart, as Telegram accepts.
fn read_params(uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, Failure> {
    let mut params = form_fields(uri.query().unwrap_or_default().as_bytes());
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    if content_type.starts_with("multipart/form-data") {
        params.extend(multipart_fields(content_type, body));
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        params.extend(form_fields(body));
    } else if !body.is_empty() {
        let json: Map<String, Value> = serde_json::from_slice(body)
            .map_err(|error| bad_request(format!("can't parse JSON object: {error}")))?;
        params.extend(json);
    }
    Ok(params)
}

fn form_fields(encoded: &[u8]) -> Map<String, Value> {
    url::form_urlencoded::parse(encoded)
        .map(|(key, value)| (key.into_owned(), Value::String(value.into_owned())))
        .collect()
}

/// A minimal multipart/form-data reader: text fields become strings, files a short description.
fn multipart_fields(content_type: &str, body: &[u8]) -> Map<String, Value> {
    let boundary = content_type
        .split(';')
        .find_map(|part| part.trim().strip_prefix("boundary="))
        .map(|boundary| boundary.trim_matches('"'));
    let Some(boundary) = boundary else {
        return Map::new();
    };
    let delimiter = format!("--{boundary}");
    let mut fields = Map::new();
    for part in split_bytes(body, delimiter.as_bytes()) {
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        let part = part.strip_suffix(b"\r\n").unwrap_or(part);
        let Some(split) = find_bytes(part, b"\r\n\r\n") else {
            continue;
        };
        let (head, content) = (String::from_utf8_lossy(&part[..split]), &part[split + 4..]);
        let Some(name) = disposition_value(&head, "name") else {
            continue;
        };
        let value = match disposition_value(&head, "filename") {
            Some(file) => format!("<file {file:?}, {} bytes>", content.len()),
            None => String::from_utf8_lossy(content).into_owned(),
        };
        fields.insert(name, Value::String(value));
    }
    fields
}

fn disposition_value(head: &str, key: &str) -> Option<String> {
    let disposition = head
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("content-disposition:"))?;
    disposition.split(';').find_map(|attribute| {
        let (name, value) = attribute.trim().split_once('=')?;
        (name == key).then(|| value.trim_matches('"').to_owned())
    })
}

fn split_bytes<'a>(haystack: &'a [u8], delimiter: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = haystack;
    while let Some(at) = find_bytes(rest, delimiter) {
        parts.push(&rest[..at]);
        rest = &rest[at + delimiter.len()..];
    }
    parts.push(rest);
    parts
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

// Form and multipart fields arrive as strings, JSON fields as typed values: accept both.

fn int(params: &Map<String, Value>, key: &str) -> Option<i64> {
    match params.get(key)? {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

fn string(params: &Map<String, Value>, key: &str) -> Option<String> {
    match params.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

fn flag(params: &Map<String, Value>, key: &str) -> bool {
    matches!(params.get(key), Some(Value::Bool(true))) || string(params, key).as_deref() == Some("true")
}

/// A JSON-valued field, which multipart and form bodies carry as a JSON string.
fn object(params: &Map<String, Value>, key: &str) -> Option<Value> {
    match params.get(key)? {
        Value::String(text) => serde_json::from_str(text).ok(),
        other => Some(other.clone()),
    }
}

fn message_id(params: &Map<String, Value>) -> Result<i32, Failure> {
    int(params, "message_id")
        .and_then(|id| i32::try_from(id).ok())
        .ok_or_else(|| bad_request("message identifier is not specified"))
}

fn read_markup(params: &Map<String, Value>) -> Result<Markup, Failure> {
    let Some(markup) = object(params, "reply_markup") else {
        return Ok(Markup::default());
    };
    if let Some(rows) = markup["inline_keyboard"].as_array() {
        let mut buttons = Vec::new();
        for row in rows {
            let mut buttons_row = Vec::new();
            for button in row.as_array().into_iter().flatten() {
                let callback_data = button["callback_data"].as_str().map(str::to_owned);
                if callback_data
                    .as_ref()
                    .is_some_and(|data| data.is_empty() || data.len() > MAX_CALLBACK_DATA_BYTES)
                {
                    return Err(bad_request("BUTTON_DATA_INVALID"));
                }
                buttons_row.push(Button {
                    text: button["text"].as_str().unwrap_or_default().to_owned(),
                    callback_data,
                    url: button["url"].as_str().map(str::to_owned),
                });
            }
            buttons.push(buttons_row);
        }
        return Ok(Markup {
            inline: Some(markup),
            buttons,
            reply_keyboard: Vec::new(),
        });
    }
    let rows = markup["keyboard"].as_array().into_iter().flatten();
    let reply_keyboard = rows
        .map(|row| {
            let labels = row.as_array().into_iter().flatten();
            // A button is an object with `text`, or (older clients) a bare string.
            labels
                .map(|button| button["text"].as_str().or(button.as_str()))
                .map(|label| label.unwrap_or_default().to_owned())
                .collect()
        })
        .collect();
    Ok(Markup {
        inline: None,
        buttons: Vec::new(),
        reply_keyboard,
    })
}

// --- Rendering text like Telegram ---

fn render_text(source: &str, params: &Map<String, Value>) -> Result<String, Failure> {
    let text = render(source, params)?;
    if text.trim().is_empty() {
        return Err(bad_request("message text is empty"));
    }
    if text.encode_utf16().count() > MAX_TEXT_UNITS {
        return Err(bad_request("message is too long"));
    }
    Ok(text)
}

fn render_caption(source: &str, params: &Map<String, Value>) -> Result<String, Failure> {
    let caption = render(source, params)?;
    if caption.encode_utf16().count() > MAX_CAPTION_UNITS {
        return Err(bad_request("message caption is too long"));
    }
    Ok(caption)
}

/// The displayed text for the request's parse mode. Only HTML is checked and rendered; other
/// modes are kept as sent.
fn render(source: &str, params: &Map<String, Value>) -> Result<String, Failure> {
    match string(params, "parse_mode") {
        Some(mode) if mode.eq_ignore_ascii_case("html") => {
            render_html(source).map_err(|error| bad_request(format!("can't parse entities: {error}")))
        }
        _ => Ok(source.to_owned()),
    }
}

/// Renders Telegram HTML as the Bot API parses it: supported tags are dropped, `&lt;` `&gt;`
/// `&amp;` `&quot;` and numeric entities decoded, a bare `&` kept; an unknown, unclosed or
/// mismatched tag is an error, which is how unescaped provider text shows up.
fn render_html(source: &str) -> Result<String, String> {
    let mut text = String::with_capacity(source.len());
    let mut open_tags: Vec<String> = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(['<', '&']) {
        text.push_str(&rest[..at]);
        let offset = source.len() - rest.len() + at;
        rest = &rest[at..];
        if rest.starts_with('&') {
            match decode_entity(rest) {
                Some((decoded, used)) => {
                    text.push(decoded);
                    rest = &rest[used..];
                }
                None => {
                    text.push('&');
                    rest = &rest[1..];
                }
            }
            continue;
        }
        let end = rest
            .find('>')
            .ok_or_else(|| format!("Unclosed start tag at byte offset {offset}"))?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if let Some(closing) = tag.strip_prefix('/') {
            let name = closing.trim().to_ascii_lowercase();
            match open_tags.pop() {
                Some(expected) if expected == name => {}
                Some(expected) => {
                    return Err(format!(
                        "Unmatched end tag at byte offset {offset}, expected \"</{expected}>\", \
                         found \"</{name}>\""
                    ));
                }
                None => return Err(format!("Unexpected end tag at byte offset {offset}")),
            }
        } else {
            let name_length = tag
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .unwrap_or(tag.len());
            let name = tag[..name_length].to_ascii_lowercase();
            if !HTML_TAGS.contains(&name.as_str()) {
                return Err(format!(
                    "Unsupported start tag \"{name}\" at byte offset {offset}"
                ));
            }
            open_tags.push(name);
        }
    }
    text.push_str(rest);
    match open_tags.pop() {
        Some(unclosed) => Err(format!(
            "Can't find end tag corresponding to start tag \"{unclosed}\""
        )),
        None => Ok(text),
    }
}

/// Decodes the entity at the start of `text`; returns the character and the bytes it used.
fn decode_entity(text: &str) -> Option<(char, usize)> {
    let (end, _) = text.char_indices().take(12).find(|&(_, c)| c == ';')?;
    let name = &text[1..end];
    let decoded = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)?
        }
    };
    Some((decoded, end + 1))
}

// --- Channel membership (getChatMember) ---

impl FakeTelegram {
    /// From now on getChatMember says `user` has `status` in `chat` (`"@name"` or an id as
    /// text): "member", "administrator", "creator", "left" or "kicked". Until told, people have
    /// left every chat and the bot administers every one.
    pub fn set_chat_member(&self, chat: &str, user: i64, status: &'static str) {
        self.shared
            .update(|state| state.chat_members.insert((chat.to_owned(), user), status));
    }
}

impl FakeState {
    fn get_chat_member(&self, params: &Map<String, Value>) -> Reply {
        let chat = match params.get("chat_id") {
            Some(Value::String(name)) => name.clone(),
            Some(Value::Number(id)) => id.to_string(),
            _ => return Err(bad_request("chat_id is empty")),
        };
        let user_id = int(params, "user_id").ok_or_else(|| bad_request("user_id is empty"))?;
        let default = if user_id == BOT_ID {
            "administrator"
        } else {
            "left"
        };
        let status = self
            .chat_members
            .get(&(chat, user_id))
            .copied()
            .unwrap_or(default);
        let user = if user_id == BOT_ID {
            bot_user()
        } else {
            json!({"id": user_id, "is_bot": false, "first_name": format!("User {user_id}")})
        };
        let mut member = json!({"status": status, "user": user});
        match status {
            "administrator" => {
                for right in [
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                ] {
                    member[right] = json!(right != "is_anonymous");
                }
            }
            "creator" => member["is_anonymous"] = json!(false),
            "kicked" => member["until_date"] = json!(0),
            _ => {}
        }
        Ok(member)
    }
}
