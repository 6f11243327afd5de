//! Search for platform admins: the state of this server's index, a rebuild of every server's,
//! and the synonyms buyers' words are widened with, each for a category or everywhere.

use crate::api::search::{AddSynonyms, ReindexSearch, RemoveSynonyms, SearchAdmin, get_search_admin};
use crate::components::form::{Field, FormAlert, action_error};
use crate::components::layout::{Breadcrumbs, trail};
use crate::components::notice::NoticeBanner;
use crate::components::page::{NoIndex, Page};
use crate::components::table::{Column, DataTable};
use crate::domain::money::group_thousands;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SearchAdminPage() -> impl IntoView {
    view! {
        <Title text="Search"/>
        <NoIndex/>
        <Page load=|_| get_search_admin() let:admin>
            <SearchSettings admin/>
        </Page>
    }
}

#[component]
fn SearchSettings(admin: SearchAdmin) -> impl IntoView {
    let add = ServerAction::<AddSynonyms>::new();
    let remove = ServerAction::<RemoveSynonyms>::new();
    let reindex = ServerAction::<ReindexSearch>::new();
    let add_error = action_error(add);
    let remove_error = action_error(remove);
    let engine = admin.engine;
    let chosen = add_error.get_untracked().and_then(|e| e.echoed("category")).unwrap_or_default();
    let size = engine.bytes_on_disk.map_or_else(
        || "In memory".to_string(),
        |bytes| format!("{} MB on disk", group_thousands(&(bytes.div_ceil(1 << 20)).to_string())),
    );
    view! {
        <div class="container page">
            <Breadcrumbs trail=trail(&[("/admin", "Platform admin")]) current="Search"/>
            <NoticeBanner/>
            <header class="page-head">
                <h1>"Search"</h1>
                <p class="muted">"Each app server keeps its own search index and follows every change to products, suppliers, categories and reviews within about a second."</p>
            </header>
            <section class="section" aria-labelledby="index-title">
                <h2 id="index-title">"This server's index"</h2>
                <dl class="facts">
                    <dt>"State"</dt>
                    <dd>{if engine.ready { "In step: searches use the index" } else { "Being built: searches use the database meanwhile" }}</dd>
                    <dt>"Products indexed"</dt>
                    <dd>{group_thousands(&engine.documents.to_string())}</dd>
                    <dt>"Segments"</dt>
                    <dd>{engine.segments}</dd>
                    <dt>"Kept in"</dt>
                    <dd><code>{engine.location}</code>" · "{size}</dd>
                </dl>
                <ActionForm action=reindex attr:class="form">
                    <p class="hint">"Rebuilds every server's index from the database, in the background."</p>
                    <button class="btn btn-secondary" type="submit">"Rebuild the index"</button>
                </ActionForm>
            </section>
            <section class="section" aria-labelledby="synonyms-title">
                <h2 id="synonyms-title">"Synonyms"</h2>
                <p class="muted">"A search for any of the words finds products described with the others. Give a category where a word means something else elsewhere (a golf tee is not a t-shirt)."</p>
                <FormAlert error=remove_error/>
                {admin.synonyms.is_empty().then(|| view! { <p>"No synonyms yet."</p> })}
                {(!admin.synonyms.is_empty()).then(|| view! {
                    <DataTable columns=vec![Column::Text("Words"), Column::Text("Applies to"), Column::Text("")]>
                        {admin.synonyms.iter().cloned().map(|s| view! {
                            <tr>
                                <td>{s.words.clone()}</td>
                                <td>{s.category.unwrap_or_else(|| "Every category".to_string())}</td>
                                <td>
                                    <ActionForm action=remove>
                                        <input type="hidden" name="id" value=s.id/>
                                        <button class="btn btn-link" type="submit" aria-label=format!("Remove “{}”", s.words)>"Remove"</button>
                                    </ActionForm>
                                </td>
                            </tr>
                        }).collect_view()}
                    </DataTable>
                })}
                <h3>"Add synonyms"</h3>
                <ActionForm action=add attr:class="form">
                    <FormAlert error=add_error/>
                    <Field label="Words or phrases that mean the same" name="words" error=add_error maxlength=300
                        hint="Separated by commas, such as “tee, t-shirt, tshirt”."/>
                    <div class="field" class:field-invalid=move || add_error.get().and_then(|e| e.field_message("category")).is_some()>
                        <label for="category">"Applies to"</label>
                        <select id="category" name="category">
                            <option value="" selected=chosen.is_empty()>"Every category"</option>
                            {admin.categories.into_iter().map(|c| {
                                let selected = c.slug == chosen;
                                view! { <option value=c.slug selected=selected>{c.path}</option> }
                            }).collect_view()}
                        </select>
                        {move || add_error.get().and_then(|e| e.field_message("category")).map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <button class="btn btn-primary" type="submit">"Add synonyms"</button>
                </ActionForm>
            </section>
        </div>
    }
}
