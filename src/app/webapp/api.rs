//! The page's API: each handler reads the verified customer ([`Viewer`]), calls the domain the
//! chat calls, and answers with the chat's own texts (as plain text), so the page and the chat
//! never disagree on a price, a rule or a word.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};
use teloxide::types::ChatId;

use super::WebApp;
use super::replies::{ApiError, Body};
use super::viewer::Viewer;
use crate::bot::handlers::{send, topup};
use crate::bot::state::OrderDraft;
use crate::bot::views::{self, plain_text, progress_bar, state_label, unit_price};
use crate::catalogue;
use crate::db::catalogue::Service;
use crate::db::now;
use crate::orders::checkout::{self, Confirmation, FormError, OrderForm, Submitted};
use crate::orders::input::limits;
use crate::orders::pending::{StarsOffer, top_up_offer};
use crate::orders::{PlaceOutcome, actions, priced};
use crate::pricing::Pricing;
use crate::vocabulary::{OrderState, ServiceKind};

type Reply = Result<Json<Value>, ApiError>;

/// Most services a search answers with.
const SEARCH_LIMIT: usize = 30;
/// Longest search the page may send, in characters; the rest is ignored.
const SEARCH_CHARS: usize = 100;
/// Orders and ledger rows the page lists: the latest.
const ORDERS_LISTED: i64 = 30;
const LEDGER_LISTED: i64 = 10;

/// Who the customer is to the page: language, direction, balance.
pub(super) async fn session(State(app): State<WebApp>, viewer: Viewer) -> Reply {
    let balance = app.db.balance(viewer.customer.id).await?;
    Ok(Json(json!({
        "lang": viewer.tr.lang.code(),
        "dir": if viewer.tr.lang.is_rtl() { "rtl" } else { "ltr" },
        "name": viewer.customer.first_name,
        "balance": viewer.tr.money(&app.config.shop_currency, balance),
    })))
}

/// Every category on sale with its services, in the chat's order.
pub(super) async fn catalogue(State(app): State<WebApp>, viewer: Viewer) -> Reply {
    let on_sale = app.db.on_sale().await?;
    let categories: Vec<Value> = on_sale
        .categories
        .iter()
        .map(|category| {
            let services = on_sale.services.get(&category.id).map_or(&[][..], Vec::as_slice);
            json!({
                "id": category.id,
                "name": category.name,
                "services": services.iter().map(|s| service_json(&app, &viewer, s)).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(Json(json!({ "categories": categories })))
}

#[derive(Deserialize)]
pub(super) struct Search {
    query: String,
}

/// The chat's search, in every language it knows.
pub(super) async fn search(State(app): State<WebApp>, viewer: Viewer, Body(search): Body<Search>) -> Reply {
    let query: String = search.query.chars().take(SEARCH_CHARS).collect();
    let found = catalogue::search(&app.db, query.trim(), SEARCH_LIMIT).await?;
    let services: Vec<Value> = found.iter().map(|s| service_json(&app, &viewer, s)).collect();
    Ok(Json(json!({ "services": services })))
}

/// What the order form shows of a service.
fn service_json(app: &WebApp, viewer: &Viewer, service: &Service) -> Value {
    let form = match service.kind() {
        ServiceKind::CustomComments => "comments",
        ServiceKind::Poll => "poll",
        _ => "quantity",
    };
    json!({
        "id": service.id,
        "name": service.name,
        "category": service.category,
        "description": service.description,
        "price": plain_text(&unit_price(&viewer.tr, &app.config.shop_currency, service)),
        "limits": viewer.tr.f(
            "webapp-limits",
            &[("min", service.min_quantity.into()), ("max", service.max_quantity.into())],
        ),
        "form": form,
        "link_hint": plain_text(&views::ordering::ask_link(&viewer.tr, service).text),
    })
}

/// The order form as typed.
#[derive(Deserialize)]
pub(super) struct Form {
    service_id: i64,
    #[serde(default)]
    link: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    comments: String,
    #[serde(default)]
    answer_number: String,
}

impl Form {
    fn typed(&self) -> OrderForm<'_> {
        OrderForm {
            link: &self.link,
            quantity: &self.quantity,
            comments: &self.comments,
            answer_number: &self.answer_number,
        }
    }
}

/// The service of a form, if it is on sale.
async fn service_of(app: &WebApp, viewer: &Viewer, form: &Form) -> Result<Service, ApiError> {
    app.db
        .service_on_sale(form.service_id)
        .await?
        .ok_or_else(|| unavailable(viewer))
}

fn unavailable(viewer: &Viewer) -> ApiError {
    ApiError::NotFound(plain_text(&views::catalogue::unavailable(&viewer.tr).text))
}

/// Which field is wrong, in the chat's words.
fn form_error(viewer: &Viewer, service: &Service, error: FormError) -> ApiError {
    let tr = &viewer.tr;
    let (field, screen) = match error {
        FormError::Link(error) => ("link", views::ordering::link_invalid(tr, error)),
        FormError::Quantity(error) => (
            "quantity",
            views::ordering::quantity_invalid(tr, error, limits(service)),
        ),
        FormError::Comments(error) => (
            "comments",
            views::ordering::comments_invalid(tr, error, limits(service).0),
        ),
        FormError::PollAnswer => ("answer_number", views::ordering::poll_answer_invalid(tr)),
    };
    ApiError::Input {
        field,
        message: plain_text(&screen.text),
    }
}

/// The total while the quantity is typed.
pub(super) async fn price(State(app): State<WebApp>, viewer: Viewer, Body(form): Body<Form>) -> Reply {
    let service = service_of(&app, &viewer, &form).await?;
    let (quantity, extras) =
        checkout::check_amount(&service, &form.typed()).map_err(|e| form_error(&viewer, &service, e))?;
    let charge = priced::price(
        &app.db,
        &Pricing::from_config(&app.config),
        viewer.customer.id,
        &service,
        quantity,
        &extras,
    )
    .await?
    .ok_or_else(|| unavailable(&viewer))?;
    Ok(Json(json!({
        "total": viewer.tr.money(&app.config.shop_currency, charge.charge_minor),
    })))
}

/// The confirmation: the form checked and priced here, kept under a fresh token that the page
/// submits to order it.
pub(super) async fn quote(State(app): State<WebApp>, viewer: Viewer, Body(form): Body<Form>) -> Reply {
    let service = service_of(&app, &viewer, &form).await?;
    let checked =
        checkout::check_form(&service, &form.typed()).map_err(|e| form_error(&viewer, &service, e))?;
    let priced = priced::price(
        &app.db,
        &Pricing::from_config(&app.config),
        viewer.customer.id,
        &service,
        checked.quantity,
        &checked.extras,
    )
    .await?
    .ok_or_else(|| unavailable(&viewer))?;
    let charge_minor = priced.charge_minor;
    let balance = app.db.balance(viewer.customer.id).await?;
    let confirmation = Confirmation {
        user_id: viewer.customer.id,
        service_id: service.id,
        form: checked,
        charge_minor,
        discount: priced.discount,
        quoted_at: now(),
    };
    let token = app.confirmations.open(confirmation.clone())?;
    let draft = draft(&confirmation, &token);
    let (tr, currency) = (&viewer.tr, &app.config.shop_currency);
    let short = balance < charge_minor;
    let text = if short {
        let offer = top_up_offer(&app.config, charge_minor - balance);
        let shortfall = tr.f(
            "confirm-short",
            &[
                ("balance", tr.money(currency, balance).into()),
                ("missing", tr.money(currency, offer.missing_minor).into()),
            ],
        );
        let how = if offer.any() {
            tr.t("webapp-short-top-up")
        } else {
            tr.t("confirm-short-no-topup")
        };
        let summary = views::ordering::order_summary(tr, currency, &service, &draft, None);
        format!("{summary}\n\n{shortfall}\n\n{how}")
    } else {
        views::ordering::confirmation(tr, currency, &service, &draft, balance, None).text
    };
    Ok(Json(json!({
        "token": token,
        "text": plain_text(&text),
        "total": tr.money(currency, charge_minor),
        "short": short,
    })))
}

/// The chat's draft of a confirmation, for the chat's screens.
fn draft(confirmation: &Confirmation, token: &str) -> OrderDraft {
    OrderDraft {
        service_id: confirmation.service_id,
        link: confirmation.form.link.clone(),
        quantity: confirmation.form.quantity,
        extras: confirmation.form.extras.clone(),
        charge_minor: confirmation.charge_minor,
        quoted_at: confirmation.quoted_at,
        token: token.to_string(),
        discount: confirmation.discount.clone(),
    }
}

#[derive(Deserialize)]
pub(super) struct Submit {
    token: String,
}

/// Orders a confirmation: placed once however often it is submitted. When the balance is
/// short, the chat gets what its own confirmation would have sent (the shortfall and the
/// invoice), and the order is placed when the top-up comes, as in the chat.
pub(super) async fn submit(State(app): State<WebApp>, viewer: Viewer, Body(submit): Body<Submit>) -> Reply {
    let Some(confirmation) = app.confirmations.get(viewer.customer.id, &submit.token) else {
        return Err(ApiError::Expired(plain_text(&viewer.tr.t("webapp-expired"))));
    };
    let (tr, currency) = (&viewer.tr, &app.config.shop_currency);
    let kept = (app.confirmations.as_ref(), submit.token.as_str());
    match checkout::submit(&app.db, &app.providers, &app.config, kept, &confirmation).await? {
        Submitted::Outcome(outcome) => {
            let (status, order_id) = match &outcome {
                PlaceOutcome::Placed { order_id, .. } => ("placed", Some(*order_id)),
                PlaceOutcome::AlreadyPlaced { order_id } => ("already_placed", Some(*order_id)),
                PlaceOutcome::Unconfirmed { order_id } => ("unconfirmed", Some(*order_id)),
                PlaceOutcome::Rejected { order_id, .. } => ("rejected", Some(*order_id)),
                PlaceOutcome::InsufficientFunds { .. } => ("short", None),
                PlaceOutcome::Unavailable => ("unavailable", None),
                PlaceOutcome::PriceChanged { .. } => ("price_changed", None),
            };
            let message = plain_text(&views::ordering::place_outcome(tr, currency, &outcome).text);
            Ok(Json(
                json!({ "status": status, "order_id": order_id, "message": message }),
            ))
        }
        Submitted::Short {
            service,
            offer,
            first,
        } => {
            if !offer.any() {
                let outcome = PlaceOutcome::InsufficientFunds {
                    missing_minor: offer.missing_minor,
                };
                let message = plain_text(&views::ordering::place_outcome(tr, currency, &outcome).text);
                return Ok(Json(json!({ "status": "short", "message": message })));
            }
            let message = if !first {
                // A second tap: the chat has it already.
                tr.t("webapp-top-up-in-chat")
            } else {
                let balance = app.db.balance(viewer.customer.id).await?;
                let draft = draft(&confirmation, &submit.token);
                let screen = views::ordering::short_confirmation(
                    tr, currency, &service, &draft, balance, None, &offer,
                );
                let chat = ChatId(viewer.customer.id);
                send(&app.bot, chat, screen).await?;
                if let StarsOffer::Pay(stars) = offer.stars {
                    topup::send_invoice(&app.bot, tr, &app.config, &viewer.customer, stars).await?;
                }
                tr.t("webapp-top-up-in-chat")
            };
            Ok(Json(
                json!({ "status": "top_up", "message": plain_text(&message) }),
            ))
        }
    }
}

/// The customer's latest orders with their state and progress.
pub(super) async fn orders(State(app): State<WebApp>, viewer: Viewer) -> Reply {
    let (orders, total) = app.db.orders_page(viewer.customer.id, 0, ORDERS_LISTED).await?;
    let listed: Vec<Value> = orders
        .iter()
        .map(|order| {
            let state = order.state();
            let progress = match (state, order.remains) {
                (OrderState::Pending | OrderState::InProgress | OrderState::Partial, Some(remains)) => {
                    Some(progress_bar(order.quantity, remains))
                }
                _ => None,
            };
            json!({
                "id": order.id,
                "service": order.service_name,
                "link": order.link,
                "state": plain_text(&state_label(&viewer.tr, state)),
                "progress": progress,
                "charge": viewer.tr.money(&app.config.shop_currency, order.charge_minor),
                "created": viewer.tr.moment(order.created_at),
            })
        })
        .collect();
    Ok(Json(json!({ "orders": listed, "total": total })))
}

/// One order as the chat's order screen shows it, with what may be asked of it.
pub(super) async fn order(State(app): State<WebApp>, viewer: Viewer, Path(id): Path<i64>) -> Reply {
    let card = app
        .db
        .order_card(id, viewer.customer.id)
        .await?
        .ok_or_else(|| ApiError::NotFound(plain_text(&viewer.tr.t("webapp-no-such-order"))))?;
    let offered = actions::available(&card);
    let screen = views::orders::order_details(&viewer.tr, &app.config.shop_currency, &card, None);
    Ok(Json(json!({
        "id": id,
        "text": plain_text(&screen.text),
        "refill": offered.refill,
        "cancel": offered.cancel,
    })))
}

/// A refill, under the chat's rules.
pub(super) async fn refill(State(app): State<WebApp>, viewer: Viewer, Path(id): Path<i64>) -> Reply {
    let outcome = actions::refill(&app.db, &app.providers, viewer.customer.id, id).await?;
    let note = views::orders::refill_note(&viewer.tr, &outcome);
    Ok(Json(json!({ "message": plain_text(&note) })))
}

/// A cancellation, under the chat's rules.
pub(super) async fn cancel(State(app): State<WebApp>, viewer: Viewer, Path(id): Path<i64>) -> Reply {
    let outcome = actions::cancel(&app.db, &app.providers, viewer.customer.id, id).await?;
    let note = views::orders::cancel_note(&viewer.tr, &outcome);
    Ok(Json(json!({ "message": plain_text(&note) })))
}

/// The balance and its latest movements.
pub(super) async fn account(State(app): State<WebApp>, viewer: Viewer) -> Reply {
    let currency = &app.config.shop_currency;
    let balance = app.db.balance(viewer.customer.id).await?;
    let ledger = app.db.ledger_tail(viewer.customer.id, LEDGER_LISTED).await?;
    let lines: Vec<String> = ledger
        .iter()
        .map(|entry| plain_text(&views::ledger_line(&viewer.tr, currency, entry)))
        .collect();
    Ok(Json(json!({
        "balance": viewer.tr.money(currency, balance),
        "ledger": lines,
    })))
}
