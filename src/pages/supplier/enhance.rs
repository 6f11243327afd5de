//! The builder's two islands: the only parts of it that run in the browser. Both wrap plain
//! server-rendered forms that work on their own; the islands add what needs a script.

use crate::api::storefront::{AutosaveBlock, MoveBlock};
use crate::components::browser_fetch as fetch;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::task::spawn_local;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, HtmlFormElement, HtmlInputElement, UrlSearchParams};

/// How long typing must pause before the draft is saved.
const AUTOSAVE_DELAY: Duration = Duration::from_millis(700);

/// The element an event happened on, or its nearest ancestor matching `selector`.
fn closest(event: &Event, selector: &str) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()?.closest(selector).ok().flatten()
}

/// How a call to a server function from the builder script ended.
enum Outcome {
    /// The new draft revision.
    Saved(i64),
    /// A message for the status line.
    Failed(&'static str),
}

/// Posts form fields to a server function the way a form would, and reads the draft revision
/// it answers.
async fn post(path: &str, body: &UrlSearchParams) -> Outcome {
    let failed = Outcome::Failed("Could not reach the server; your changes are not saved yet.");
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(body);
    let Ok(request) = web_sys::Request::new_with_str_and_init(path, &init) else { return failed };
    let headers = request.headers();
    let _ = headers.set("Accept", "application/json");
    let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
    let Some(response) = fetch::send(&request).await else { return failed };
    match response.status() {
        200 => fetch::text(&response).await.and_then(|t| t.trim().parse().ok()).map(Outcome::Saved).unwrap_or(failed),
        409 => Outcome::Failed("The draft changed in another tab or by a teammate: reload to see it."),
        422 => Outcome::Failed("Not saved yet: some fields need attention. Press “Save block” to see them."),
        401 => Outcome::Failed("Your session ended: sign in again to save."),
        _ => failed,
    }
}

fn params(pairs: &[(&str, String)]) -> Option<UrlSearchParams> {
    let params = UrlSearchParams::new().ok()?;
    for (name, value) in pairs {
        params.append(name, value);
    }
    Some(params)
}

/// Autosaves the block form while the supplier types, refreshes the preview beside it, lets
/// them switch the preview between desktop and phone width, and warns before leaving with
/// unsaved changes.
#[island(lazy)]
pub fn BlockFormEnhancer(preview_src: String, children: Children) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let dirty = RwSignal::new(false);
    let reloads = RwSignal::new(0u32);
    let phone = RwSignal::new(false);
    let scripted = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // A "Save block" pressed while an autosave is under way waits for it, then submits with
    // the revision that autosave produced.
    let saving = StoredValue::new(false);
    let submit_when_saved = StoredValue::new(false);
    Effect::new(move |_| scripted.set(true));

    let (path, anchor) = match preview_src.split_once('#') {
        Some((path, anchor)) => (path.to_string(), format!("#{anchor}")),
        None => (preview_src.clone(), String::new()),
    };
    let src = move || match reloads.get() {
        0 => format!("{path}{anchor}"),
        n => format!("{path}?v={n}{anchor}"),
    };

    let save = move |form: HtmlFormElement| {
        // The form's own fields are the server function's arguments.
        let body = web_sys::FormData::new_with_form(&form)
            .ok()
            .and_then(|data| UrlSearchParams::new_with_str_sequence_sequence(&JsValue::from(data)).ok());
        let Some(body) = body else { return };
        status.set("Saving…".to_string());
        saving.set_value(true);
        spawn_local(async move {
            let outcome = post(AutosaveBlock::PATH, &body).await;
            saving.set_value(false);
            match outcome {
                Outcome::Saved(next) => {
                    if let Ok(Some(input)) = form.query_selector("input[name=revision]")
                        && let Ok(input) = input.dyn_into::<HtmlInputElement>()
                    {
                        input.set_value(&next.to_string());
                    }
                    dirty.set(false);
                    status.set("All changes saved to your draft.".to_string());
                    reloads.update(|n| *n += 1);
                }
                Outcome::Failed(message) => status.set(message.to_string()),
            }
            if submit_when_saved.get_value() {
                let _ = form.submit();
            }
        });
    };
    let on_input = move |event: Event| {
        let Some(form) = closest(&event, "form").and_then(|f| f.dyn_into::<HtmlFormElement>().ok()) else { return };
        dirty.set(true);
        status.set("Unsaved changes…".to_string());
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        timer.set_value(set_timeout_with_handle(move || save(form), AUTOSAVE_DELAY).ok());
    };
    let on_submit = move |event: web_sys::SubmitEvent| {
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        dirty.set(false);
        if saving.get_value() {
            event.prevent_default();
            submit_when_saved.set_value(true);
        }
    };
    let _ = window_event_listener(leptos::ev::beforeunload, move |event| {
        if dirty.get_untracked() {
            event.prevent_default();
            event.set_return_value("");
        }
    });

    view! {
        <div class="editor-layout">
            <div class="editor-form" on:input=on_input on:submit=on_submit>
                {children()}
                <p class="autosave-status" role="status">{move || status.get()}</p>
            </div>
            <section class="editor-preview" aria-labelledby="preview-title">
                <div class="editor-preview-bar">
                    <h2 id="preview-title">"Preview"</h2>
                    <Show when=move || scripted.get()>
                        <div role="group" aria-label="Preview width" class="segmented">
                            <button type="button" aria-pressed=move || (!phone.get()).to_string() on:click=move |_| phone.set(false)>"Desktop"</button>
                            <button type="button" aria-pressed=move || phone.get().to_string() on:click=move |_| phone.set(true)>"Phone"</button>
                        </div>
                    </Show>
                </div>
                <div class="preview-frame-wrap">
                    <iframe class="preview-frame" class:preview-phone=move || phone.get() title="Preview of the draft page" src=src></iframe>
                </div>
            </section>
        </div>
    }
}

/// Drag and drop for the block list (the Move up/down buttons stay for keyboards): dropping a
/// block onto another puts it in that one's place.
#[island(lazy)]
pub fn BlockListEnhancer(company_id: i64, revision: i64, page: String, children: Children) -> impl IntoView {
    let dragged = StoredValue::new(None::<u32>);
    let status = RwSignal::new(String::new());
    let row_id = |row: &Element| row.get_attribute("data-block").and_then(|id| id.parse::<u32>().ok());
    let on_drag_start = move |event: leptos::ev::DragEvent| {
        let Some(row) = closest(&event, "li[data-block]") else { return };
        dragged.set_value(row_id(&row));
        if let Some(transfer) = event.data_transfer() {
            transfer.set_effect_allowed("move");
            // Firefox starts a drag only with some data set.
            let _ = transfer.set_data("text/plain", &row.id());
        }
        let _ = row.class_list().add_1("dragging");
    };
    let on_drag_over = move |event: leptos::ev::DragEvent| {
        if dragged.get_value().is_some() && closest(&event, "li[data-block]").is_some() {
            event.prevent_default();
        }
    };
    let on_drag_end = move |event: leptos::ev::DragEvent| {
        if let Some(row) = closest(&event, "li[data-block]") {
            let _ = row.class_list().remove_1("dragging");
        }
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        let (Some(block), Some(target)) = (dragged.get_value(), closest(&event, "li[data-block]")) else { return };
        dragged.set_value(None);
        let Some(list) = target.parent_element() else { return };
        let children = list.children();
        let Some(to) = (0..children.length()).find(|&i| children.item(i).is_some_and(|row| row == target)) else {
            return;
        };
        if row_id(&target) == Some(block) {
            return;
        }
        let body = params(&[
            ("company_id", company_id.to_string()),
            ("revision", revision.to_string()),
            ("page", page.clone()),
            ("block", block.to_string()),
            ("to", to.to_string()),
        ]);
        let Some(body) = body else { return };
        status.set("Moving…".to_string());
        spawn_local(async move {
            match post(MoveBlock::PATH, &body).await {
                // Every form on the page carries the draft revision: reload for the new one.
                Outcome::Saved(_) => {
                    let _ = window().location().reload();
                }
                Outcome::Failed(message) => status.set(message.to_string()),
            }
        });
    };
    view! {
        <div class="block-list-wrap" on:dragstart=on_drag_start on:dragover=on_drag_over on:dragend=on_drag_end on:drop=on_drop>
            {children()}
            <p class="autosave-status" role="status">{move || status.get()}</p>
        </div>
    }
}
