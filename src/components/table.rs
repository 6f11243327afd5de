//! Data tables: a horizontally scrollable frame, a header row of column names, the rows.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub enum Column {
    Text(&'static str),
    /// Right-aligned figures.
    Number(&'static str),
    /// Row buttons; the heading is for screen readers only.
    Actions,
}

#[component]
pub fn DataTable(columns: Vec<Column>, children: Children) -> impl IntoView {
    let headings = columns
        .into_iter()
        .map(|column| match column {
            Column::Text(label) => view! { <th scope="col">{label}</th> }.into_any(),
            Column::Number(label) => view! { <th scope="col" class="num">{label}</th> }.into_any(),
            Column::Actions => view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> }.into_any(),
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <thead>
                    <tr>{headings}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}
