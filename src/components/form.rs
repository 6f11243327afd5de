//! Form building blocks. Every control has a visible label; a field's error sits beside it,
//! is announced through `aria-describedby`, and what the person typed is put back.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The error of a server action's last submission, whether it came back over `fetch` or, with
/// JavaScript off, in the redirect URL.
pub fn action_error<S>(action: ServerAction<S>) -> Signal<Option<AppError>>
where
    S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|result| result.err()))
}

/// The error a server function without a `ServerAction` (a file upload) sent back in the
/// redirect URL when the form was posted without JavaScript.
pub fn url_error(server_fn_path: &'static str) -> Signal<Option<AppError>> {
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || {
        let query = query.read();
        (query.get("__path").as_deref() == Some(server_fn_path))
            .then(|| query.get("__err"))
            .flatten()
            .map(|err| leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&err))
    })
}

/// A plain multipart form posting one image to the upload server function.
#[component]
pub fn UploadForm(
    company_id: crate::domain::CompanyId,
    purpose: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] hint: String,
    #[prop(into)] button: String,
    #[prop(default = false)] with_alt: bool,
    /// What the image attaches to (a certification), for purposes that need one.
    #[prop(optional)]
    target: Option<i64>,
) -> impl IntoView {
    use crate::api::media::UploadImage;
    use leptos::server_fn::ServerFn;
    // Several upload forms on one page: each shows only the errors of its own purpose and target.
    let all = url_error(UploadImage::PATH);
    let target_value = target.map(|t| t.to_string()).unwrap_or_default();
    let mine = target_value.clone();
    let error = Signal::derive(move || {
        all.get().filter(|e| {
            e.echoed("purpose").is_none_or(|p| p == purpose) && e.echoed("target").is_none_or(|t| t == mine)
        })
    });
    let key = if target_value.is_empty() { purpose.to_string() } else { format!("{purpose}-{target_value}") };
    let file_id = format!("{key}-file");
    let hint_id = format!("{key}-hint");
    let message = move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    view! {
        <form class="form upload-form" method="post" action=UploadImage::PATH enctype="multipart/form-data">
            <FormAlert error=Signal::derive(move || error.get().filter(|e| e.field_message("file").is_none() && e.field_message("alt").is_none()))/>
            <input type="hidden" name="company_id" value=company_id.get()/>
            <input type="hidden" name="purpose" value=purpose/>
            {target.map(|t| view! { <input type="hidden" name="target" value=t/> })}
            <div class="field" class:field-invalid=move || message("file")().is_some()>
                <label for=file_id.clone()>{label}</label>
                <p class="hint" id=hint_id.clone()>{hint}</p>
                <input type="file" id=file_id name="file" accept="image/png,image/jpeg,image/webp" required=true aria-describedby=hint_id/>
                {move || message("file")().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            {with_alt.then(|| view! {
                <div class="field" class:field-invalid=move || message("alt")().is_some()>
                    <label for=format!("{purpose}-alt")>"Describe the image"</label>
                    <p class="hint">"What it shows, for buyers using screen readers and for search engines: “Weaving hall with 38 air-jet looms”."</p>
                    <input type="text" id=format!("{purpose}-alt") name="alt" maxlength=160 required=true/>
                    {move || message("alt")().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            })}
            <button class="btn btn-primary" type="submit">{button}</button>
        </form>
    }
}

fn control_id(prefix: Option<&'static str>, name: &'static str) -> String {
    match prefix {
        Some(prefix) => format!("{prefix}-{name}"),
        None => name.to_string(),
    }
}

/// Ties a control (`id`) to its hint (`{id}-hint`) and to the error of field `name`
/// (`{id}-error`), for forms that build their own controls.
#[derive(Clone)]
pub struct FieldWiring {
    pub id: String,
    name: String,
    has_hint: bool,
    error: Signal<Option<AppError>>,
}

impl FieldWiring {
    pub fn new(id: String, name: String, has_hint: bool, error: Signal<Option<AppError>>) -> Self {
        Self { id, name, has_hint, error }
    }

    /// The field's error message (reactive).
    pub fn message(&self) -> Option<String> {
        self.error.get().and_then(|e| e.field_message(&self.name))
    }

    /// [`Self::message`] as a closure for the view.
    pub fn messages(&self) -> impl Fn() -> Option<String> + Clone + Send + Sync + use<> {
        let wiring = self.clone();
        move || wiring.message()
    }

    pub fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }

    pub fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }

    /// `aria-describedby`: the hint and, while there is one, the error.
    pub fn described(&self) -> impl Fn() -> Option<String> + Clone + Send + Sync + use<> {
        let wiring = self.clone();
        move || described_by(&wiring.id, wiring.has_hint, wiring.message().is_some())
    }

    /// `aria-invalid` while the field has an error.
    pub fn invalid(&self) -> impl Fn() -> Option<&'static str> + Clone + Send + Sync + use<> {
        let message = self.messages();
        move || message().map(|_| "true")
    }
}

fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let ids: Vec<String> = [(has_hint, "hint"), (has_error, "error")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, suffix)| format!("{id}-{suffix}"))
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled text-like input (`text`, `email`, `password`, `search` …).
#[component]
pub fn Field(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Option<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = true)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] id_prefix: Option<&'static str>,
) -> impl IntoView {
    let id = control_id(id_prefix, name);
    let message = move || error.get().and_then(|e| e.field_message(name));
    // Passwords are never written back into a page.
    let is_secret = kind == "password";
    let shown_value =
        move || if is_secret { None } else { error.get().and_then(|e| e.echoed(name)).or_else(|| value.clone()) };
    let has_hint = hint.is_some();
    let describedby = {
        let id = id.clone();
        move || described_by(&id, has_hint, message().is_some())
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                value=shown_value
                aria-invalid=move || message().map(|_| "true")
                aria-describedby=describedby
            />
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A labelled `<select>`; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    #[prop(into)] label: String,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    options: Vec<(String, String)>,
    #[prop(optional, into)] selected: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional)] id_prefix: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let id = control_id(id_prefix, name);
    let message = move || error.get().and_then(|e| e.field_message(name));
    let chosen = error.get_untracked().and_then(|e| e.echoed(name)).or(selected).unwrap_or_default();
    let describedby = {
        let id = id.clone();
        move || described_by(&id, false, message().is_some())
    };
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <select
                id=id
                name=name
                required=true
                autocomplete=autocomplete
                aria-invalid=move || message().map(|_| "true")
                aria-describedby=describedby
            >
                {placeholder.map(|p| view! { <option value="" selected=chosen.is_empty()>{p}</option> })}
                {option_list(options, &chosen)}
            </select>
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A labelled `<select>` of a GET filter form: nothing to validate, and the first option,
/// `any` (an empty value), is a choice like the others.
#[component]
pub fn FilterSelect(
    #[prop(into)] label: String,
    id: &'static str,
    name: &'static str,
    /// The label of the first, empty-valued choice: the default ("Any country", "Newest first").
    any: &'static str,
    /// (value, label) pairs of the other choices.
    options: Vec<(String, String)>,
    #[prop(into)] selected: String,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="" selected=selected.is_empty()>{any}</option>
                {option_list(options, &selected)}
            </select>
        </div>
    }
}

/// `<option>`s of (value, label) pairs, the one whose value is `chosen` selected.
fn option_list(options: Vec<(String, String)>, chosen: &str) -> impl IntoView + use<> {
    options
        .into_iter()
        .map(|(value, text)| {
            let is_chosen = value == chosen;
            view! { <option value=value selected=is_chosen>{text}</option> }
        })
        .collect_view()
}

/// A group of radio cards (`options`: value, title, description), e.g. "buy" or "sell".
#[component]
pub fn RadioCards(
    #[prop(into)] legend: String,
    name: &'static str,
    #[prop(into)] error: Signal<Option<AppError>>,
    options: Vec<(&'static str, &'static str, &'static str)>,
    #[prop(optional, into)] selected: Option<String>,
) -> impl IntoView {
    let message = move || error.get().and_then(|e| e.field_message(name));
    let chosen = error.get_untracked().and_then(|e| e.echoed(name)).or(selected).unwrap_or_default();
    let error_id = format!("{name}-error");
    view! {
        <fieldset
            class="field radio-cards"
            class:field-invalid=move || message().is_some()
            aria-describedby=move || message().map(|_| format!("{name}-error"))
        >
            <legend>{legend}</legend>
            <div class="radio-cards-grid">
                {options
                    .into_iter()
                    .map(|(value, title, description)| {
                        let id = format!("{name}-{value}");
                        let label_for = id.clone();
                        view! {
                            <label class="radio-card" for=label_for>
                                <input type="radio" id=id name=name value=value checked=chosen == value required=true/>
                                <span class="radio-card-title">{title}</span>
                                <span class="radio-card-text">{description}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            {move || message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </fieldset>
    }
}

/// The error that belongs to the form as a whole (wrong password, forbidden, conflict …).
#[component]
pub fn FormAlert(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error.get().and_then(|e| e.form_message()).map(|message| {
            view! {
                <div class="alert alert-error" role="alert">
                    <p>{message}</p>
                </div>
            }
        })
    }
}

/// Every country as select options, by name.
pub fn country_options() -> Vec<(String, String)> {
    crate::domain::Country::all_by_name().into_iter().map(|c| (c.code().to_string(), c.name().to_string())).collect()
}

/// Currencies as select options, by code.
pub fn currency_options() -> Vec<(String, String)> {
    crate::domain::Currency::ALL.iter().map(|c| (c.code().to_string(), c.code().to_string())).collect()
}

/// Units of sale as select options.
pub fn unit_options() -> Vec<(String, String)> {
    crate::domain::product::Unit::ALL.iter().map(|u| (u.as_str().to_string(), u.label().to_string())).collect()
}

/// Fixed (value, label) choices as select options.
pub fn choices(all: &[(&str, &str)]) -> Vec<(String, String)> {
    all.iter().map(|(value, label)| (value.to_string(), label.to_string())).collect()
}
