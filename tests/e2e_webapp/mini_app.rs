//! The Mini App under test: a shop with `WEBAPP_URL` on, a client for its API, and `initData`
//! signed as Telegram signs it.

use std::net::SocketAddr;

use ring::hmac;
use serde_json::{Value, json};

use super::common::fake_telegram::{TOKEN, TestUser};
use super::common::shop::{Shop, free_local_address};

/// A shop with the Mini App on, and a client for its API.
pub struct MiniApp {
    pub shop: Shop,
    /// The page's address, ending in `/`.
    pub base: String,
    pub http: reqwest::Client,
}

impl MiniApp {
    pub async fn start() -> Self {
        Self::with(&[]).await
    }

    pub async fn with(settings: &[(&'static str, String)]) -> Self {
        let address: SocketAddr = free_local_address();
        let base = format!("http://{address}/shop/");
        let mut all = vec![
            ("WEBAPP_URL", base.clone()),
            ("WEBAPP_LISTEN", address.to_string()),
        ];
        all.extend_from_slice(settings);
        let shop = Shop::with_settings(&all).await;
        Self {
            shop,
            base,
            http: reqwest::Client::new(),
        }
    }

    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        init_data: Option<&str>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self.http.request(method, format!("{}api/{path}", self.base));
        if let Some(init_data) = init_data {
            request = request.header("Authorization", format!("tma {init_data}"));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the Mini App answers");
        let status = response.status().as_u16();
        let body = response.json().await.expect("a JSON answer");
        (status, body)
    }

    pub async fn get(&self, path: &str, user: &TestUser) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, Some(&signed(user)), None)
            .await
    }

    pub async fn post(&self, path: &str, user: &TestUser, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, Some(&signed(user)), Some(body))
            .await
    }

    /// The id of the service named `name` in the page's catalogue.
    pub async fn service_id(&self, user: &TestUser, name: &str) -> i64 {
        let (status, catalogue) = self.get("catalogue", user).await;
        assert_eq!(status, 200, "{catalogue}");
        catalogue["categories"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| c["services"].as_array().unwrap())
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {catalogue}"))["id"]
            .as_i64()
            .unwrap()
    }
}

/// `initData` for `user`, signed just now with the test bot's token.
pub fn signed(user: &TestUser) -> String {
    sign_init_data(TOKEN, user, chrono::Utc::now().timestamp())
}

/// The user object inside `initData`.
pub fn user_json(user: &TestUser) -> Value {
    json!({
        "id": user.id,
        "first_name": format!("Customer{}", user.id),
        "language_code": user.language_code,
    })
}

/// `initData` as Telegram makes it: every field but `hash`, sorted, `key=value` lines, signed
/// with HMAC-SHA256 keyed by HMAC-SHA256("WebAppData", bot token).
pub fn sign_init_data(token: &str, user: &TestUser, auth_date: i64) -> String {
    let user_json = user_json(user).to_string();
    let auth_date = auth_date.to_string();
    let mut fields = vec![
        ("auth_date", auth_date.as_str()),
        ("query_id", "AAHdF6IQAAAAAN0XohDhrOrc"),
        ("user", user_json.as_str()),
    ];
    fields.sort();
    let check: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let secret = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, b"WebAppData"),
        token.as_bytes(),
    );
    let tag = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA256, secret.as_ref()),
        check.join("\n").as_bytes(),
    );
    let hash: String = tag.as_ref().iter().map(|b| format!("{b:02x}")).collect();
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &fields {
        query.append_pair(k, v);
    }
    query.append_pair("hash", &hash);
    query.finish()
}
