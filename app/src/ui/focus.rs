//! Keyboard focus management shared by the dialogs (modal and side panel): move focus in on
//! open, keep Tab inside while open, give it back to the opener on close.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, HtmlElement, KeyboardEvent};

/// The element that has the focus now (to give it back later).
pub(crate) fn focused_element() -> Option<HtmlElement> {
    document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok())
}

fn is_focusable(el: &Element) -> bool {
    if el.has_attribute("disabled") || el.get_attribute("tabindex").as_deref() == Some("-1") {
        return false;
    }
    match el.tag_name().as_str() {
        "A" => el.has_attribute("href"),
        "BUTTON" | "SELECT" | "TEXTAREA" => true,
        "INPUT" => el.get_attribute("type").as_deref() != Some("hidden"),
        _ => el.has_attribute("tabindex"),
    }
}

/// First and last focusable descendants of `root`, in document order.
fn focus_bounds(root: &Element) -> (Option<HtmlElement>, Option<HtmlElement>) {
    let (mut first, mut last) = (None, None);
    let mut stack: Vec<Element> = Vec::new();
    let mut next = root.first_element_child();
    loop {
        let Some(el) = next else {
            match stack.pop() {
                Some(parent) => {
                    next = parent.next_element_sibling();
                    continue;
                }
                None => break,
            }
        };
        if is_focusable(&el)
            && let Ok(html) = el.clone().dyn_into::<HtmlElement>()
        {
            if first.is_none() {
                first = Some(html.clone());
            }
            last = Some(html);
        }
        match el.first_element_child() {
            Some(child) => {
                next = Some(child);
                stack.push(el);
            }
            None => next = el.next_element_sibling(),
        }
    }
    (first, last)
}

/// On Tab / Shift+Tab inside `root`, wrap around instead of leaving it.
pub(crate) fn trap_tab(ev: &KeyboardEvent, root: &Element) {
    if ev.key() != "Tab" {
        return;
    }
    let (Some(first), Some(last)) = focus_bounds(root) else {
        ev.prevent_default();
        return;
    };
    let active = document().active_element();
    let is = |target: &HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(target)));
    let on_root = active.as_ref().is_some_and(|a| a.is_same_node(Some(root)));
    if ev.shift_key() && (is(&first) || on_root) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && is(&last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// Remembers what had the focus when `open` turns true, and gives the focus back to it when
/// `open` turns false. Browser only: the element lives in the effect's own state.
pub(crate) fn return_focus_on_close(open: Signal<bool>) {
    Effect::new(move |previous: Option<(bool, Option<HtmlElement>)>| {
        let is_open = open.get();
        let (was_open, opener) = previous.unwrap_or((false, None));
        match (was_open, is_open) {
            (false, true) => (true, focused_element()),
            (true, false) => {
                if let Some(el) = opener {
                    let _ = el.focus();
                }
                (false, None)
            }
            _ => (is_open, opener),
        }
    });
}

/// Focuses the first form field inside `root` (a dialog's form), or `root` itself when it has
/// none, so typing can start at once.
pub(crate) fn focus_first_field(root: &HtmlElement) {
    let (mut stack, mut next) = (Vec::<Element>::new(), root.first_element_child());
    while let Some(el) = next {
        let field = matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
            && el.get_attribute("type").as_deref() != Some("hidden")
            && is_focusable(&el);
        if field && let Ok(html) = el.clone().dyn_into::<HtmlElement>() {
            let _ = html.focus();
            return;
        }
        next = match el.first_element_child() {
            Some(child) => {
                stack.push(el);
                Some(child)
            }
            None => {
                let mut sibling = el.next_element_sibling();
                while sibling.is_none() {
                    match stack.pop() {
                        Some(parent) => sibling = parent.next_element_sibling(),
                        None => break,
                    }
                }
                sibling
            }
        };
    }
    let _ = root.focus();
}
