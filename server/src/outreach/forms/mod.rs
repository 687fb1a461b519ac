//! The browser form engine.
//!
//! - `classify`: pure field classification over [`classify::FieldInfo`] (no browser), and the
//!   choice of the contact form among a page's forms;
//! - `outcome`: the outcome decision from evidence (page text before and after, URL change,
//!   CAPTCHA markers, refusal notices), also pure;
//! - `page`: the injected JavaScript that inspects and acts on the DOM, returning JSON;
//! - `engine`: [`engine::FormEngine`], one `Browser`, one fresh tab per site.

pub mod classify;
pub mod engine;
pub mod outcome;
pub mod page;

pub use classify::{FieldInfo, FieldKind, SenderProfile};
pub use engine::{FormEngine, FormEngineError, FormRun, RunOptions};
pub use outcome::{CaptchaKind, Outcome};
