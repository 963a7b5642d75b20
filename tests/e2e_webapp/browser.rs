//! Headless Chromium driven over WebDriver (chromedriver's HTTP API, with reqwest: no browser
//! crate), on 127.0.0.1 only, with a fresh profile each time. Telegram's Mini App object is the
//! test's own stub, put into every page before the page's scripts run.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// WebDriver's key for an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// How long a wait for the page lasts before the test fails.
const PAGE_LIMIT: Duration = Duration::from_secs(20);

/// Whether the browser tests run here: they skip, saying so, only when Chromium is missing and
/// `SMMBOT_REQUIRE_BROWSER` is unset (CI sets it, so CI never skips).
pub fn available() -> bool {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return true;
    }
    assert!(
        std::env::var_os("SMMBOT_REQUIRE_BROWSER").is_none(),
        "SMMBOT_REQUIRE_BROWSER is set but {CHROMIUM} or {CHROMEDRIVER} is missing: apt-get install -y chromium chromium-driver"
    );
    eprintln!(
        "SKIPPED: browser tests need {CHROMIUM} and {CHROMEDRIVER} (apt-get install -y chromium chromium-driver)"
    );
    false
}

/// Where screenshots are kept for people to look at: `target/webapp-screenshots/`.
pub fn screenshot_dir() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .to_path_buf();
    target.join("webapp-screenshots")
}

/// One browser with one window, phone-sized.
pub struct Browser {
    driver: Child,
    base: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Self {
        let port = super::common::shop::free_local_address().port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let mut browser = Self {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
            _profile: tempfile::tempdir().expect("a profile directory"),
        };
        let started = Instant::now();
        while browser
            .http
            .get(format!("{}/status", browser.base))
            .send()
            .await
            .is_err()
        {
            assert!(started.elapsed() < PAGE_LIMIT, "chromedriver did not come up");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let profile = browser._profile.path().display().to_string();
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=390,844",
                    format!("--user-data-dir={profile}"),
                ],
            },
        }}});
        let session = browser.post("/session", capabilities).await;
        let id = session["sessionId"]
            .as_str()
            .expect("a WebDriver session")
            .to_string();
        browser.base = format!("{}/session/{id}", browser.base);
        browser
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        let answer: Value = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&body)
            .send()
            .await
            .expect("chromedriver answers")
            .json()
            .await
            .expect("chromedriver's JSON");
        assert!(answer["value"].get("error").is_none(), "{path}: {answer}");
        answer["value"].clone()
    }

    /// Opens `url` with `telegram_stub` (JavaScript) run first in the page.
    pub async fn open(&self, url: &str, telegram_stub: &str) {
        let cdp =
            json!({ "cmd": "Page.addScriptToEvaluateOnNewDocument", "params": { "source": telegram_stub } });
        let added = self.post("/goog/cdp/execute", cdp).await;
        self.post("/url", json!({ "url": url })).await;
        let identifier = added["identifier"].clone();
        let cdp = json!({ "cmd": "Page.removeScriptToEvaluateOnNewDocument", "params": { "identifier": identifier } });
        self.post("/goog/cdp/execute", cdp).await;
    }

    /// Runs `script` (a function body; `arguments` are `args`) in the page and returns its value.
    pub async fn run(&self, script: &str, args: Value) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    /// Waits until `script` returns something truthy, and returns it.
    pub async fn wait(&self, what: &str, script: &str, args: Value) -> Value {
        let started = Instant::now();
        loop {
            let value = self.run(script, args.clone()).await;
            if !matches!(&value, Value::Null | Value::Bool(false)) && value != json!("") {
                return value;
            }
            if started.elapsed() > PAGE_LIMIT {
                let page = self.run("return document.body.innerText", json!([])).await;
                panic!(
                    "waited in vain for {what}; the page shows:\n{}",
                    page.as_str().unwrap_or("")
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first element matching `css` whose text contains `text`, as a person would.
    pub async fn click(&self, css: &str, text: &str) {
        let found = self
            .wait(
                &format!("{css} with {text:?}"),
                "return [...document.querySelectorAll(arguments[0])].find(e => e.textContent.includes(arguments[1])) || null",
                json!([css, text]),
            )
            .await;
        let id = found[ELEMENT].as_str().expect("an element").to_string();
        self.post(&format!("/element/{id}/click"), json!({})).await;
    }

    /// Types `text` into the element `css`, key by key.
    pub async fn type_into(&self, css: &str, text: &str) {
        let found = self
            .wait(css, "return document.querySelector(arguments[0])", json!([css]))
            .await;
        let id = found[ELEMENT].as_str().expect("an element").to_string();
        self.post(&format!("/element/{id}/value"), json!({ "text": text }))
            .await;
    }

    /// Saves what the window shows as `<name>.png` under [`screenshot_dir`].
    pub async fn screenshot(&self, name: &str) {
        let answer: Value = self
            .http
            .get(format!("{}/screenshot", self.base))
            .send()
            .await
            .expect("a screenshot")
            .json()
            .await
            .expect("chromedriver's JSON");
        let png = base64(answer["value"].as_str().expect("base64 PNG"));
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("the screenshot directory");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("a screenshot file");
    }
}

/// Also when an assertion fails: the session ends (chromedriver closes its Chromium with it),
/// then the chromedriver this test started, by its own handle.
impl Drop for Browser {
    fn drop(&mut self) {
        if let Some((address, path)) = self.base.strip_prefix("http://").and_then(|b| b.split_once('/')) {
            end_session(address, path);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `DELETE /<path>` to chromedriver, without async (drop cannot await).
fn end_session(address: &str, path: &str) {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(address) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!("DELETE /{path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    // The answer comes once the session (and its Chromium) is gone; its first bytes are enough.
    if stream.write_all(request.as_bytes()).is_ok() {
        let _ = stream.read(&mut [0u8; 512]);
    }
}

/// Standard base64, as WebDriver sends screenshots.
fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| c.is_ascii_alphanumeric() || *c == b'+' || *c == b'/')
        .map(value)
        .collect();
    let mut bytes = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        let [_, a, b, c] = bits.to_be_bytes();
        bytes.extend_from_slice(&[a, b, c][..chunk.len().saturating_sub(1)]);
    }
    bytes
}

/// Telegram's Mini App object as the page sees it in Telegram: the signed `initData`, the user
/// it names, a dark theme, and main and back buttons drawn at the bottom of the window (the
/// main button's taps are counted, and `tapMain(n)` taps it `n` times at once).
pub fn telegram_stub(init_data: &str, user: &Value) -> String {
    let setup = json!({
        "initData": init_data,
        "user": user,
        "theme": {
            "bg_color": "#17212b", "text_color": "#f5f5f5", "hint_color": "#708499",
            "link_color": "#6ab3f3", "button_color": "#5288c1", "button_text_color": "#ffffff",
            "secondary_bg_color": "#232e3c", "destructive_text_color": "#ec3942",
        },
    });
    format!("window.__telegramSetup = {setup};\n{STUB}")
}

const STUB: &str = r#"
(function () {
  const setup = window.__telegramSetup;
  function bar(id) {
    let node = document.getElementById(id);
    if (!node && document.body) {
      node = document.createElement('div');
      node.id = id;
      node.style.cssText = 'position:fixed;bottom:0;padding:12px;text-align:center;font:600 15px sans-serif;' +
        (id === 'tg-main-button' ? 'inset-inline:0;background:#5288c1;color:#fff' : 'left:0;background:#333;color:#fff');
      document.body.append(node);
    }
    return node;
  }
  function draw() {
    const main = bar('tg-main-button');
    if (main) { main.textContent = MainButton.text; main.hidden = !MainButton.isVisible; }
    const back = bar('tg-back-button');
    if (back) { back.textContent = '‹'; back.hidden = !BackButton.isVisible; }
  }
  const MainButton = {
    text: '', isVisible: false, taps: 0, handlers: [],
    setText(text) { this.text = text; draw(); return this; },
    show() { this.isVisible = true; draw(); return this; },
    hide() { this.isVisible = false; draw(); return this; },
    onClick(f) { this.handlers.push(f); return this; },
    offClick(f) { this.handlers = this.handlers.filter((h) => h !== f); return this; },
    showProgress() { return this; },
    hideProgress() { return this; },
  };
  const BackButton = {
    isVisible: false, handlers: [],
    show() { this.isVisible = true; draw(); },
    hide() { this.isVisible = false; draw(); },
    onClick(f) { this.handlers.push(f); },
  };
  window.Telegram = { WebApp: {
    initData: setup.initData,
    initDataUnsafe: { user: setup.user },
    themeParams: setup.theme,
    colorScheme: 'dark',
    MainButton, BackButton,
    closed: false,
    ready() {}, expand() {}, onEvent() {},
    close() { this.closed = true; },
  } };
  window.tapMain = (times) => {
    for (let i = 0; i < times; i++) { MainButton.taps++; MainButton.handlers.forEach((h) => h()); }
  };
  window.tapBack = () => BackButton.handlers.forEach((h) => h());
  document.addEventListener('DOMContentLoaded', draw);
})();
"#;
