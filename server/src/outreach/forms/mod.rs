//! The browser form engine.
//!
//! - `classify`: pure field classification over [`classify::FieldInfo`] (no browser), and the
//!   choice of the contact form among a page's forms;
//! - `outcome`: the outcome decision from evidence (page text before and after, URL change,
//!   CAPTCHA markers, refusal notices), also pure;
//! - `page`: the injected JavaScript that inspects and acts on the DOM, returning JSON;
//! - `chromium`: who Chromium runs as (never root) and its sandbox;
//! - `engine`: [`engine::FormEngine`], one `Browser`, one fresh tab per site;
//! - `pool`: [`pool::FormPool`], the engine shared by concurrent jobs: a bounded number of tabs,
//!   per-host politeness, crash recovery and a memory cap.

pub mod chromium;
pub mod classify;
pub mod engine;
pub mod outcome;
pub mod page;
pub mod pool;

pub use classify::{FieldInfo, FieldKind, SenderProfile};
pub use engine::{FormEngine, FormEngineError, FormRun, RunOptions, SubmitGate};
pub use outcome::{CaptchaKind, Outcome};
pub use pool::{FormPool, PoolConfig};
