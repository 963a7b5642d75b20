//! A fake Bot API made for throughput, unlike the tests' recording fake: it keeps only each
//! chat's latest screen and the updates the bot has not confirmed, wakes only the customer
//! whose chat a reply is for, and writes its JSON as text (no `Value` trees: the bench shares
//! the machine with the bot, so its own CPU per update must stay small).
//!
//! Long polling honours `offset`, `limit` and `timeout`. `sendMessage` and `editMessageText`
//! answer with a Message as Telegram would and become the chat's screen; the other methods the
//! bot calls are answered `true` (an unexpected one is named on stderr once).

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::value::RawValue;
use tokio::sync::{Notify, watch};

pub const TOKEN: &str = "4839574812:AAbenchmarkbenchmarkbenchmarkbenchmark";
const BOT_USER: &str =
    r#"{"id":4839574812,"is_bot":true,"first_name":"SMM Bench Bot","username":"smm_bench_bot"}"#;
/// What teloxide 0.17 reads from getMe.
const BOT_ME: &str = r#"{"id":4839574812,"is_bot":true,"first_name":"SMM Bench Bot","username":"smm_bench_bot","can_join_groups":true,"can_read_all_group_messages":false,"supports_inline_queries":false,"can_connect_to_business":false,"has_main_web_app":false}"#;

/// A button of an inline keyboard.
#[derive(Debug, Clone, Deserialize)]
pub struct Button {
    pub text: String,
    #[serde(rename = "callback_data")]
    pub data: Option<String>,
}

/// What a chat shows now: the bot's latest message there, sent or edited.
#[derive(Debug, Clone)]
pub struct Screen {
    pub text: String,
    pub buttons: Vec<Button>,
    /// The Message JSON as Telegram would send it now, echoed in callback queries.
    wire: Arc<str>,
    /// When the bot's request for it arrived: the end of a reply's latency.
    pub at: Instant,
}

impl Screen {
    fn empty() -> Self {
        Self {
            text: String::new(),
            buttons: Vec::new(),
            wire: Arc::from("null"),
            at: Instant::now(),
        }
    }

    /// The text and the buttons, for a failure message.
    pub fn describe(&self) -> String {
        let buttons: Vec<String> = self
            .buttons
            .iter()
            .map(|b| format!("[{} → {}]", b.text, b.data.as_deref().unwrap_or("-")))
            .collect();
        format!("{}\n{}", self.text, buttons.join(" "))
    }
}

/// A customer (or the admin) as Telegram describes them.
#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    first_name: String,
    /// The User JSON.
    json: Arc<str>,
}

impl User {
    pub fn new(id: i64, first_name: &str) -> Self {
        let name = json_string(first_name);
        let json = format!(r#"{{"id":{id},"is_bot":false,"first_name":{name},"language_code":"en"}}"#);
        Self {
            id,
            first_name: first_name.to_owned(),
            json: Arc::from(json),
        }
    }
}

/// One private chat.
struct Chat {
    /// Message ids are per chat and shared by the customer and the bot, as in Telegram.
    last_message_id: AtomicI32,
    /// The Chat JSON.
    json: String,
    screen: watch::Sender<Screen>,
}

impl Chat {
    fn next_message_id(&self) -> i32 {
        self.last_message_id.fetch_add(1, Ordering::Relaxed) + 1
    }
}

/// Updates the bot has not confirmed by a higher `offset`, serialised as they are made.
struct Queue {
    last_id: i64,
    pending: VecDeque<(i64, Arc<str>)>,
}

/// How the bot polled.
#[derive(Debug, Clone, Copy, Default)]
pub struct PollStats {
    /// getUpdates calls answered.
    pub calls: u64,
    /// Calls that returned at least one update, and how many they returned in all.
    pub batches: u64,
    pub batched_updates: u64,
    /// The `limit` of the latest call (None: not sent, which means Telegram's 100).
    pub limit: Option<i64>,
}

pub struct Telegram {
    chats: HashMap<i64, Chat>,
    queue: Mutex<Queue>,
    /// Woken at each new update, and when closing; a stored permit covers an update queued
    /// between a poll's look at the queue and its wait.
    arrived: Notify,
    closing: AtomicBool,
    first_poll: OnceLock<Instant>,
    calls: AtomicU64,
    batches: AtomicU64,
    batched_updates: AtomicU64,
    /// The latest `limit`; 0: not sent (a limit is 1 to 100).
    limit: AtomicI64,
    /// Message ids in chats that are no customer's (none are expected).
    other_message_id: AtomicI32,
    next_query: AtomicU64,
    unknown_methods: Mutex<HashSet<String>>,
    address: SocketAddr,
}

impl Telegram {
    /// Serves the Bot API on 127.0.0.1 for these users' private chats.
    pub async fn start(users: &[User]) -> Arc<Self> {
        let chats = users
            .iter()
            .map(|user| {
                let name = json_string(&user.first_name);
                let chat = Chat {
                    last_message_id: AtomicI32::new(0),
                    json: format!(r#"{{"id":{},"type":"private","first_name":{name}}}"#, user.id),
                    screen: watch::Sender::new(Screen::empty()),
                };
                (user.id, chat)
            })
            .collect();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake Bot API");
        let telegram = Arc::new(Self {
            chats,
            queue: Mutex::new(Queue {
                last_id: 0,
                pending: VecDeque::new(),
            }),
            arrived: Notify::new(),
            closing: AtomicBool::new(false),
            first_poll: OnceLock::new(),
            calls: AtomicU64::new(0),
            batches: AtomicU64::new(0),
            batched_updates: AtomicU64::new(0),
            limit: AtomicI64::new(0),
            other_message_id: AtomicI32::new(0),
            next_query: AtomicU64::new(0),
            unknown_methods: Mutex::new(HashSet::new()),
            address: listener.local_addr().expect("fake Bot API address"),
        });
        let app = Router::new()
            .route("/{bot}/{method}", post(handle))
            .with_state(Arc::clone(&telegram));
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fake Bot API server");
        });
        telegram
    }

    /// The base URL for `TELEGRAM_API_URL`.
    pub fn api_url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// When the bot first asked for updates.
    pub fn first_poll(&self) -> Option<Instant> {
        self.first_poll.get().copied()
    }

    pub fn poll_stats(&self) -> PollStats {
        let limit = self.limit.load(Ordering::Relaxed);
        PollStats {
            calls: self.calls.load(Ordering::Relaxed),
            batches: self.batches.load(Ordering::Relaxed),
            batched_updates: self.batched_updates.load(Ordering::Relaxed),
            limit: (limit > 0).then_some(limit),
        }
    }

    /// Ends the long poll under way, and answers every later one at once with nothing, so that
    /// a stopping bot is not kept waiting.
    pub fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
        self.arrived.notify_waiters();
        self.arrived.notify_one();
    }

    /// The chat's screens, for a customer to wait on.
    pub fn subscribe(&self, chat_id: i64) -> watch::Receiver<Screen> {
        self.chat(chat_id).screen.subscribe()
    }

    fn chat(&self, chat_id: i64) -> &Chat {
        self.chats
            .get(&chat_id)
            .unwrap_or_else(|| panic!("chat {chat_id} is not a customer's"))
    }

    /// The user sends `text` to the bot; a leading `/command` gets its entity as in Telegram.
    /// Returns when the update was queued.
    pub fn send_text(&self, user: &User, text: &str) -> Instant {
        let chat = self.chat(user.id);
        let entities = if text.starts_with('/') {
            let command = text.split_whitespace().next().unwrap_or(text);
            let length = command.encode_utf16().count();
            format!(r#","entities":[{{"type":"bot_command","offset":0,"length":{length}}}]"#)
        } else {
            String::new()
        };
        let message = format!(
            r#"{{"message_id":{},"date":{},"chat":{},"from":{},"text":{}{entities}}}"#,
            chat.next_message_id(),
            unix_now(),
            chat.json,
            user.json,
            json_string(text),
        );
        self.enqueue("message", &message)
    }

    /// The user taps the button carrying `data` under the message `screen` shows. Returns when
    /// the update was queued.
    pub fn tap(&self, user: &User, screen: &Screen, data: &str) -> Instant {
        let id = 7_000_000_000_000_000_000 + self.next_query.fetch_add(1, Ordering::Relaxed);
        let query = format!(
            r#"{{"id":"{id}","from":{},"message":{},"chat_instance":"bench-{}","data":{}}}"#,
            user.json,
            screen.wire,
            user.id,
            json_string(data),
        );
        self.enqueue("callback_query", &query)
    }

    fn enqueue(&self, kind: &str, payload: &str) -> Instant {
        {
            let mut queue = self.queue.lock().expect("update queue");
            queue.last_id += 1;
            let id = queue.last_id;
            let update = format!(r#"{{"update_id":{id},"{kind}":{payload}}}"#);
            queue.pending.push_back((id, Arc::from(update)));
        }
        let queued = Instant::now();
        self.arrived.notify_one();
        queued
    }

    async fn get_updates(&self, poll: Poll) -> Response {
        let now = Instant::now();
        self.first_poll.get_or_init(|| now);
        self.limit.store(poll.limit.unwrap_or(0), Ordering::Relaxed);
        let limit = poll.limit.map_or(100, |l| l.clamp(1, 100)) as usize;
        let timeout = poll.timeout.unwrap_or(0).max(0).unsigned_abs();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
        let batch = loop {
            let batch = self.take_updates(poll.offset.unwrap_or(0), limit);
            if !batch.is_empty() || self.closing.load(Ordering::SeqCst) {
                break batch;
            }
            if tokio::time::timeout_at(deadline, self.arrived.notified())
                .await
                .is_err()
            {
                break Vec::new();
            }
        };
        self.calls.fetch_add(1, Ordering::Relaxed);
        if !batch.is_empty() {
            self.batches.fetch_add(1, Ordering::Relaxed);
            self.batched_updates
                .fetch_add(batch.len() as u64, Ordering::Relaxed);
        }
        ok(&format!("[{}]", batch.join(",")))
    }

    /// Forgets the updates below `offset` (confirmed) and returns up to `limit` of the rest.
    fn take_updates(&self, offset: i64, limit: usize) -> Vec<Arc<str>> {
        let mut queue = self.queue.lock().expect("update queue");
        while queue.pending.front().is_some_and(|(id, _)| *id < offset) {
            queue.pending.pop_front();
        }
        queue
            .pending
            .iter()
            .take(limit)
            .map(|(_, update)| Arc::clone(update))
            .collect()
    }

    /// `sendMessage`, or `editMessageText` of `edited`: the new Message, which becomes the
    /// chat's screen.
    fn post(&self, request: &Post, edited: Option<i32>) -> Response {
        let at = Instant::now();
        let chat = self.chats.get(&request.chat_id);
        let message_id = match (edited, chat) {
            (Some(id), _) => id,
            (None, Some(chat)) => chat.next_message_id(),
            (None, None) => self.other_message_id.fetch_add(1, Ordering::Relaxed) + 1,
        };
        let chat_json = chat.map_or_else(
            || {
                format!(
                    r#"{{"id":{},"type":"private","first_name":"Someone"}}"#,
                    request.chat_id
                )
            },
            |chat| chat.json.clone(),
        );
        // Only an inline keyboard is part of the Message; reply keyboards are not echoed.
        let keyboard = request.reply_markup.and_then(|markup| {
            let keyboard: Keyboard = serde_json::from_str(markup.get()).ok()?;
            (!keyboard.inline_keyboard.is_empty()).then_some((markup.get(), keyboard))
        });
        let date = unix_now();
        let mut wire = format!(
            r#"{{"message_id":{message_id},"date":{date},"chat":{chat_json},"from":{BOT_USER},"text":{}"#,
            json_string(&request.text),
        );
        if let Some((markup, _)) = &keyboard {
            wire += &format!(r#","reply_markup":{markup}"#);
        }
        if edited.is_some() {
            wire += &format!(r#","edit_date":{date}"#);
        }
        wire.push('}');
        let answer = ok(&wire);
        if let Some(chat) = chat {
            chat.screen.send_replace(Screen {
                text: request.text.clone(),
                buttons: keyboard
                    .map(|(_, keyboard)| keyboard.inline_keyboard.into_iter().flatten().collect())
                    .unwrap_or_default(),
                wire: Arc::from(wire),
                at,
            });
        }
        answer
    }

    fn note_unknown(&self, method: &str) {
        let mut unknown = self.unknown_methods.lock().expect("unknown methods");
        if unknown.insert(method.to_owned()) {
            eprintln!("fake Bot API: {method} is not simulated; answered `true`");
        }
    }
}

/// getUpdates' parameters.
#[derive(Deserialize)]
struct Poll {
    offset: Option<i64>,
    limit: Option<i64>,
    timeout: Option<i64>,
}

/// sendMessage's and editMessageText's parameters, as far as the fake needs them.
#[derive(Deserialize)]
struct Post<'a> {
    chat_id: i64,
    message_id: Option<i32>,
    #[serde(default)]
    text: String,
    #[serde(borrow)]
    reply_markup: Option<&'a RawValue>,
}

/// The part of a reply_markup the customers read; other kinds of markup have no
/// `inline_keyboard`.
#[derive(Deserialize)]
struct Keyboard {
    #[serde(default)]
    inline_keyboard: Vec<Vec<Button>>,
}

async fn handle(
    State(telegram): State<Arc<Telegram>>,
    Path((bot, method)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if bot.strip_prefix("bot") != Some(TOKEN) {
        return failure(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    // Telegram's method names are case-insensitive; teloxide capitalises them.
    let method = method.to_ascii_lowercase();
    match method.as_str() {
        "getupdates" => match parse::<Poll>(&body) {
            Ok(poll) => telegram.get_updates(poll).await,
            Err(e) => unreadable(e),
        },
        "getme" => ok(BOT_ME),
        "getwebhookinfo" => ok(r#"{"url":"","has_custom_certificate":false,"pending_update_count":0}"#),
        "sendmessage" => match parse::<Post>(&body) {
            Ok(request) => telegram.post(&request, None),
            Err(e) => unreadable(e),
        },
        "editmessagetext" => match parse::<Post>(&body) {
            Ok(Post { message_id: None, .. }) => {
                failure(StatusCode::BAD_REQUEST, "message identifier is not specified")
            }
            Ok(request) => telegram.post(&request, request.message_id),
            Err(e) => unreadable(e),
        },
        "answercallbackquery"
        | "deletewebhook"
        | "setmycommands"
        | "deletemycommands"
        | "setchatmenubutton"
        | "setmydescription"
        | "setmyshortdescription"
        | "sendchataction" => ok("true"),
        other => {
            telegram.note_unknown(other);
            ok("true")
        }
    }
}

/// A JSON body (teloxide sends JSON; an empty one has no parameters).
fn parse<'a, T: Deserialize<'a>>(body: &'a [u8]) -> serde_json::Result<T> {
    serde_json::from_slice(if body.is_empty() { b"{}" } else { body })
}

fn unreadable(error: serde_json::Error) -> Response {
    failure(
        StatusCode::BAD_REQUEST,
        &format!("can't parse parameters: {error}"),
    )
}

/// `{"ok":true,"result":…}` around a JSON result.
fn ok(result: &str) -> Response {
    json_body(StatusCode::OK, format!(r#"{{"ok":true,"result":{result}}}"#))
}

fn failure(status: StatusCode, description: &str) -> Response {
    let body = format!(
        r#"{{"ok":false,"error_code":{},"description":{}}}"#,
        status.as_u16(),
        json_string(description)
    );
    json_body(status, body)
}

fn json_body(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// `text` as a JSON string literal.
fn json_string(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

fn unix_now() -> u64 {
    let now = SystemTime::now().duration_since(UNIX_EPOCH);
    now.expect("clock after 1970").as_secs()
}
