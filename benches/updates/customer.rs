//! Simulated customers. Each goes through the shop as a person would: it finds its buttons on
//! the screen in front of it (never hard-coded ids) and waits for each screen before the next
//! tap or message. A missing button or a reply that does not come is a failure, with the
//! screen the chat shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::watch;

use crate::telegram::{Button, Screen, Telegram, User};

/// How long a customer waits for any reply before calling the bot stuck.
pub const WAIT_LIMIT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Menu → New order → category → service → Back → Menu.
    Browse,
    /// Menu → New order → category → service → Order → link → quantity → Confirm → Menu.
    Order,
}

impl Flow {
    pub fn name(self) -> &'static str {
        match self {
            Self::Browse => "browse",
            Self::Order => "order",
        }
    }
}

/// What the customers share with the bench's main loop.
#[derive(Default)]
pub struct Load {
    /// Latencies are kept only for updates sent while this is set (after the warm-up).
    pub measuring: AtomicBool,
    /// Customers stop at the end of their current round, back at the menu, once this is set.
    pub stop: AtomicBool,
    /// Updates sent, and orders the bot said were placed.
    pub updates: AtomicU64,
    pub orders: AtomicU64,
}

pub struct Customer {
    pub user: User,
    /// Orders go to a channel of the customer's own.
    index: usize,
    telegram: Arc<Telegram>,
    screens: watch::Receiver<Screen>,
    /// Microseconds from queueing an update to the bot's reply, for updates sent while
    /// measuring.
    latencies: Vec<u32>,
}

impl Customer {
    pub fn new(telegram: Arc<Telegram>, user: User, index: usize) -> Self {
        let screens = telegram.subscribe(user.id);
        Self {
            user,
            index,
            telegram,
            screens,
            latencies: Vec::new(),
        }
    }

    /// `/start`: the main menu.
    pub async fn open_menu(&mut self, load: &Load) -> Screen {
        self.send(load, "/start", "the menu", is_menu).await
    }

    /// An admin command; returns once the answer mentions `answer`.
    pub async fn command(&mut self, load: &Load, text: &str, answer: &str) {
        self.send(load, text, answer, |s| s.text.contains(answer)).await;
    }

    /// Waits for a reply the customer did not ask for (the top-up notice), with no update sent.
    pub async fn wait_unprompted(&mut self, expected: &str, matches: impl Fn(&Screen) -> bool) {
        if !matches(&self.screens.borrow()) {
            self.wait(None, expected, matches).await;
        }
    }

    /// Rounds of `flow` from `menu` until the load stops; returns the latencies.
    pub async fn run(mut self, load: Arc<Load>, flow: Flow, mut menu: Screen) -> Vec<u32> {
        while !load.stop.load(Ordering::Relaxed) {
            menu = match flow {
                Flow::Browse => self.browse(&load, menu).await,
                Flow::Order => self.order(&load, menu).await,
            };
        }
        self.latencies
    }

    async fn browse(&mut self, load: &Load, menu: Screen) -> Screen {
        let categories = self.new_order(load, &menu).await;
        let category = self.button(&categories, "a category", |b| data_starts(b, "s:"));
        let services = self
            .tap(load, &categories, category, "the services", |s| has_data(s, "v:"))
            .await;
        let service = self.button(&services, "a service", |b| data_starts(b, "v:"));
        let card = self
            .tap(load, &services, service, "the service card", |s| {
                has_data(s, "o:")
            })
            .await;
        let back = self.button(&card, "Back", |b| b.text.contains("Back"));
        let services = self
            .tap(load, &card, back, "the services again", |s| has_data(s, "v:"))
            .await;
        let to_menu = self.button(&services, "Menu", |b| b.text.contains("Menu"));
        self.tap(load, &services, to_menu, "the menu", is_menu).await
    }

    async fn order(&mut self, load: &Load, menu: Screen) -> Screen {
        let categories = self.new_order(load, &menu).await;
        let category = self.preferred(&categories, "s:", "telegram");
        let services = self
            .tap(load, &categories, &category, "the services", |s| {
                has_data(s, "v:")
            })
            .await;
        let service = self.preferred(&services, "v:", "subscribers");
        let card = self
            .tap(load, &services, &service, "the service card", |s| {
                has_data(s, "o:")
            })
            .await;
        let order = self.button(&card, "Order", |b| data_starts(b, "o:"));
        let link_prompt = |s: &Screen| s.text.contains("Send the link");
        self.tap(load, &card, order, "the link prompt", link_prompt).await;
        let link = format!("https://t.me/bench_channel_{}", self.index);
        let quantity_prompt = |s: &Screen| s.text.contains("How many");
        let prompt = self
            .send(load, &link, "the quantity prompt", quantity_prompt)
            .await;
        let quantity = minimum(&prompt.text).unwrap_or(100).to_string();
        let confirmation = self
            .send(load, &quantity, "the confirmation", |s| has_text(s, "Confirm"))
            .await;
        let confirm = self.button(&confirmation, "Confirm", |b| b.text.contains("Confirm"));
        let placed = self
            .tap(load, &confirmation, confirm, "the placed order", |s| {
                s.text.contains("is placed")
            })
            .await;
        load.orders.fetch_add(1, Ordering::Relaxed);
        let to_menu = self.button(&placed, "Menu", |b| b.text.contains("Menu"));
        self.tap(load, &placed, to_menu, "the menu", is_menu).await
    }

    /// "New order" on the menu: the categories.
    async fn new_order(&mut self, load: &Load, menu: &Screen) -> Screen {
        let new_order = self.button(menu, "New order", |b| b.text.contains("New order"));
        self.tap(load, menu, new_order, "the categories", |s| has_data(s, "s:"))
            .await
    }

    /// The data of the button (with data starting `prefix`) whose label mentions `word`, or of
    /// the first such button.
    fn preferred(&self, screen: &Screen, prefix: &str, word: &str) -> String {
        let labelled = screen
            .buttons
            .iter()
            .find(|b| data_starts(b, prefix) && b.text.to_lowercase().contains(word));
        match labelled.and_then(|b| b.data.clone()) {
            Some(data) => data,
            None => self.button(screen, prefix, |b| data_starts(b, prefix)).to_owned(),
        }
    }

    /// The callback data of the first button `pick` accepts.
    fn button<'s>(&self, screen: &'s Screen, what: &str, pick: impl Fn(&Button) -> bool) -> &'s str {
        let found = screen
            .buttons
            .iter()
            .filter(|b| pick(b))
            .find_map(|b| b.data.as_deref());
        found.unwrap_or_else(|| {
            panic!(
                "customer {}: no {what} button; the chat shows:\n{}",
                self.user.id,
                screen.describe()
            )
        })
    }

    async fn send(
        &mut self,
        load: &Load,
        text: &str,
        expected: &str,
        matches: impl Fn(&Screen) -> bool,
    ) -> Screen {
        // Only replies to this update count.
        self.screens.mark_unchanged();
        let measured = load.measuring.load(Ordering::Relaxed);
        let sent = self.telegram.send_text(&self.user, text);
        self.sent(load, sent, measured, expected, matches).await
    }

    async fn tap(
        &mut self,
        load: &Load,
        screen: &Screen,
        data: &str,
        expected: &str,
        matches: impl Fn(&Screen) -> bool,
    ) -> Screen {
        self.screens.mark_unchanged();
        let measured = load.measuring.load(Ordering::Relaxed);
        let sent = self.telegram.tap(&self.user, screen, data);
        self.sent(load, sent, measured, expected, matches).await
    }

    async fn sent(
        &mut self,
        load: &Load,
        sent: Instant,
        measured: bool,
        expected: &str,
        matches: impl Fn(&Screen) -> bool,
    ) -> Screen {
        load.updates.fetch_add(1, Ordering::Relaxed);
        let reply = self.wait(Some(sent), expected, matches).await;
        if measured {
            let latency = reply.at.saturating_duration_since(sent);
            self.latencies
                .push(u32::try_from(latency.as_micros()).unwrap_or(u32::MAX));
        }
        reply
    }

    /// The first new screen `matches` accepts; others (a notice in between) are passed over.
    async fn wait(
        &mut self,
        sent: Option<Instant>,
        expected: &str,
        matches: impl Fn(&Screen) -> bool,
    ) -> Screen {
        let deadline = sent.unwrap_or_else(Instant::now) + WAIT_LIMIT;
        loop {
            match tokio::time::timeout_at(deadline.into(), self.screens.changed()).await {
                Ok(changed) => changed.expect("the fake Bot API keeps every chat"),
                Err(_) => panic!(
                    "customer {}: {expected} did not come within {WAIT_LIMIT:?}; the chat shows:\n{}",
                    self.user.id,
                    self.screens.borrow().describe()
                ),
            }
            let screen = self.screens.borrow_and_update();
            if matches(&screen) {
                return screen.clone();
            }
        }
    }
}

fn is_menu(screen: &Screen) -> bool {
    has_text(screen, "New order")
}

/// Whether a button's label contains `label`.
fn has_text(screen: &Screen, label: &str) -> bool {
    screen.buttons.iter().any(|b| b.text.contains(label))
}

/// Whether a button's data starts with `prefix`.
fn has_data(screen: &Screen, prefix: &str) -> bool {
    screen.buttons.iter().any(|b| data_starts(b, prefix))
}

fn data_starts(button: &Button, prefix: &str) -> bool {
    button.data.as_deref().is_some_and(|d| d.starts_with(prefix))
}

/// N of the quantity prompt's "from N to M".
fn minimum(prompt: &str) -> Option<u64> {
    let (_, rest) = prompt.split_once("from ")?;
    let (number, _) = rest.split_once(" to")?;
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    digits.parse().ok()
}
