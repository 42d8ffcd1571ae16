//! `/admin/artikel`: the `redaksi` writes, schedules and publishes the portal's articles. The
//! body is HTML (sanitised when saved); a publication time in the future schedules it.

use super::super::form_kit::{self, Shell, shell_page};
use super::super::{Staff, field_errors};
use crate::AppState;
use crate::csrf_form::{CsrfForm, CsrfMultipart};
use crate::error::{OrRespond, PageError};
use crate::pages::layout::PageCtx;
use crate::security;
use aduan_domain::portal::articles::ArticleInput;
use aduan_store::StoreError;
use aduan_store::portal::articles::{
    Article, ArticleCategory, ArticleError, ArticleSummary, Attachment, DocumentError, check_document,
};
use aduan_store::portal::media::MediaItem;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequest, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::SignedCookieJar;
use serde::Deserialize;

#[derive(Template, WebTemplate)]
#[template(path = "admin_articles.html")]
pub struct ListPage {
    shell: Shell,
    items: Vec<ArticleSummary>,
}

shell_page!(ListPage);

impl ListPage {
    fn state(&self, a: &ArticleSummary) -> String {
        let now = self.p.now;
        match (a.published, a.publish_at) {
            (false, _) => self.p.t("articles.draft"),
            (true, Some(t)) if t > now => format!("{} {}", self.p.t("articles.scheduled"), self.p.datetime(&t)),
            (true, Some(t)) => format!("{} {}", self.p.t("articles.published"), self.p.datetime(&t)),
            (true, None) => self.p.t("articles.published"),
        }
    }
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ArticleForm {
    csrf: String,
    title: String,
    slug: String,
    category: String,
    summary: String,
    body: String,
    publish_at: String,
    published: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_article.html")]
pub struct EditPage {
    shell: Shell,
    /// None for a new article.
    id: Option<i64>,
    f: ArticleForm,
    categories: Vec<ArticleCategory>,
    /// The article's document, once it has one.
    attachment: Option<Attachment>,
    /// The pictures the editor offers.
    images: Vec<MediaItem>,
    /// The text box the editor's toolbar serves.
    editor_box: &'static str,
}

shell_page!(EditPage);

pub async fn list(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let items = state.store.all_articles(staff.user.village_id).await.or_page(&p)?;
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    Ok((jar, ListPage { items, shell: Shell::new(p, &staff, csrf, "articles.admin_title") }).into_response())
}

/// The form page; `attachment` is the article's document as stored, when it has one.
async fn edit_page(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    id: Option<i64>,
    f: ArticleForm,
    attachment: Option<Attachment>,
) -> Result<EditPage, PageError> {
    let categories = state.store.article_categories(staff.user.village_id).await.or_page(&p)?;
    let images = super::editor::images(state, staff.user.village_id).await.or_page(&p)?;
    let key = if id.is_some() { "articles.edit_title" } else { "articles.new_title" };
    Ok(EditPage { id, f, categories, attachment, images, editor_box: "a-body", shell: Shell::new(p, staff, csrf, key) })
}

pub async fn new_form(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
) -> Result<Response, PageError> {
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    // A new article is a draft until its author chooses to publish it.
    Ok((jar, edit_page(&state, p, &staff, csrf, None, ArticleForm::default(), None).await?).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    jar: SignedCookieJar,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let not_found = || PageError::not_found(p.clone());
    let id = id.parse::<i64>().map_err(|_| not_found())?;
    let a = state.store.article_by_id(staff.user.village_id, id).await.map_err(|e| match e {
        StoreError::NotFound => not_found(),
        other => PageError::store(p.clone(), other),
    })?;
    let (jar, csrf) = security::csrf_token(jar, state.config.secure_cookies);
    let attachment = a.attachment.clone();
    let f = form_of(a, p.village.utc_offset);
    Ok((jar, edit_page(&state, p, &staff, csrf, Some(id), f, attachment).await?).into_response())
}

/// The form filled with a stored article.
fn form_of(a: Article, offset: time::UtcOffset) -> ArticleForm {
    ArticleForm {
        csrf: String::new(),
        title: a.head.title,
        slug: a.head.slug,
        category: a.head.category_slug,
        summary: a.head.summary,
        body: a.body_html,
        publish_at: local_input(a.head.publish_at, offset),
        published: if a.head.published { "1".into() } else { String::new() },
    }
}

/// A time as the `datetime-local` field shows it, in the village's zone.
fn local_input(t: Option<time::OffsetDateTime>, offset: time::UtcOffset) -> String {
    t.map(|t| {
        let l = t.to_offset(offset);
        format!("{}T{:02}:{:02}", l.date(), l.hour(), l.minute())
    })
    .unwrap_or_default()
}

/// A document sent with a new article: its name as the browser gave it, and its bytes.
type FirstDocument = (String, Vec<u8>);

async fn save(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    id: Option<i64>,
    f: ArticleForm,
    document: Option<FirstDocument>,
) -> Result<Response, PageError> {
    let input = ArticleInput {
        title: f.title.clone(),
        slug: f.slug.clone(),
        category: f.category.clone(),
        summary: f.summary.clone(),
        body: f.body.clone(),
        publish_at: f.publish_at.clone(),
        published: f.published == "1",
    };
    let csrf = f.csrf.clone();
    // The stored document stays on the page whatever happens to the text.
    let attachment = match id {
        Some(id) => match state.store.article_by_id(staff.user.village_id, id).await {
            Ok(a) => a.attachment,
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(PageError::store(p, e)),
        },
        None => None,
    };
    let mut page = edit_page(state, p, staff, csrf, id, f, attachment).await?;
    let draft = match input.validate(page.p.village.utc_offset) {
        Ok(d) => d,
        Err(errors) => {
            let errors = field_errors(&page.p, "articles.field_", &errors);
            return Ok(form_kit::answer(page, Err(errors)));
        }
    };
    // The document is checked before anything is stored, so a refused one keeps the article
    // unsaved with everything typed still in the form.
    let document = match document.filter(|(name, bytes)| !(name.is_empty() && bytes.is_empty())) {
        None => None,
        Some((name, bytes)) => match check_document(&bytes, &name, state.config.max_file_bytes) {
            Ok((mime, name)) => Some((bytes, name, mime)),
            Err(e) => return Ok(form_kit::refuse(page, StatusCode::UNPROCESSABLE_ENTITY, document_error(e))),
        },
    };
    match state.store.save_article(staff.user.village_id, id, &draft, &staff.user).await {
        Ok(saved) => {
            if let Some((bytes, name, mime)) = &document {
                state
                    .store
                    .set_article_attachment(staff.user.village_id, saved, Some((bytes, name, mime)), &staff.user)
                    .await
                    .or_page(&page.p)?;
            }
            let a = state.store.article_by_id(staff.user.village_id, saved).await.or_page(&page.p)?;
            page.id = Some(saved);
            page.f.slug = a.head.slug;
            page.f.body = a.body_html;
            page.f.publish_at = local_input(a.head.publish_at, page.p.village.utc_offset);
            page.attachment = a.attachment;
            Ok(form_kit::answer(page, Ok("articles.saved")))
        }
        Err(e @ (ArticleError::SlugTaken | ArticleError::UnknownCategory)) => {
            let key =
                if matches!(e, ArticleError::SlugTaken) { "articles.slug_taken" } else { "error.unknown_category" };
            Ok(form_kit::refuse(page, StatusCode::UNPROCESSABLE_ENTITY, key))
        }
        Err(ArticleError::Store(StoreError::NotFound)) => Err(PageError::not_found(page.shell.p)),
        Err(ArticleError::Store(e)) => Err(PageError::store(page.shell.p, e)),
    }
}

/// `POST /admin/artikel/baru`: the new-article form is multipart, with an optional document
/// (`file`) beside the fields; a plain form is taken too.
pub async fn create(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    req: axum::extract::Request,
) -> Result<Response, Response> {
    let multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    let (f, document) = if multipart {
        let mut form = CsrfMultipart::from_request(req, &state).await?;
        let mut field = |name: &str| form.text(name);
        let fields = (
            field("title"),
            field("slug"),
            field("category"),
            field("summary"),
            field("body"),
            field("publish_at"),
            field("published"),
        );
        let (Some(title), Some(slug), Some(category), Some(summary), Some(body), Some(publish_at), Some(published)) =
            fields
        else {
            let p = p.with_title("error.title");
            return Err(PageError::new(p, StatusCode::BAD_REQUEST, "error.bad_form").into_response());
        };
        let csrf = form.csrf.clone();
        let f = ArticleForm { csrf, title, slug, category, summary, body, publish_at, published };
        (f, Some(form.file("file")))
    } else {
        let CsrfForm(f) = CsrfForm::<ArticleForm>::from_request(req, &state).await?;
        (f, None)
    };
    save(&state, p, &staff, None, f, document).await.map_err(IntoResponse::into_response)
}

pub async fn update(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<ArticleForm>,
) -> Result<Response, PageError> {
    let Ok(id) = id.parse::<i64>() else {
        return Err(PageError::not_found(p));
    };
    save(&state, p, &staff, Some(id), f, None).await
}

/// `POST /admin/artikel/{id}/lampiran`: the document visitors download (multipart: `csrf`,
/// `file`); `…/lampiran/hapus` removes it.
pub async fn upload(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    mut form: CsrfMultipart,
) -> Result<Response, PageError> {
    let id = id.parse::<i64>().map_err(|_| PageError::not_found(p.clone()))?;
    let csrf = form.csrf.clone();
    let (file_name, bytes) = form.file("file");
    let checked = check_document(&bytes, &file_name, state.config.max_file_bytes);
    let stored = match &checked {
        Ok((mime, name)) => {
            state.store.set_article_attachment(staff.user.village_id, id, Some((&bytes, name, mime)), &staff.user).await
        }
        Err(_) => Ok(()),
    };
    attachment_result(&state, p, &staff, csrf, id, checked.map(|_| ()), stored).await
}

pub async fn remove_upload(
    State(state): State<AppState>,
    p: PageCtx,
    staff: Staff,
    Path(id): Path<String>,
    CsrfForm(f): CsrfForm<super::super::login::CsrfOnly>,
) -> Result<Response, PageError> {
    let Ok(id) = id.parse::<i64>() else {
        return Err(PageError::not_found(p));
    };
    let stored = state.store.set_article_attachment(staff.user.village_id, id, None, &staff.user).await;
    attachment_result(&state, p, &staff, f.csrf, id, Ok(()), stored).await
}

async fn attachment_result(
    state: &AppState,
    p: PageCtx,
    staff: &Staff,
    csrf: String,
    id: i64,
    checked: Result<(), DocumentError>,
    stored: Result<(), StoreError>,
) -> Result<Response, PageError> {
    match stored {
        Ok(()) => {}
        Err(StoreError::NotFound) => {
            return Err(PageError::not_found(p));
        }
        Err(e) => return Err(PageError::store(p, e)),
    }
    let a = state.store.article_by_id(staff.user.village_id, id).await.or_page(&p)?;
    let attachment = a.attachment.clone();
    let f = form_of(a, p.village.utc_offset);
    let page = edit_page(state, p, staff, csrf, Some(id), f, attachment).await?;
    match checked {
        Ok(()) => Ok(form_kit::answer(page, Ok("articles.saved"))),
        Err(e) => Ok(form_kit::refuse(page, StatusCode::UNPROCESSABLE_ENTITY, document_error(e))),
    }
}

fn document_error(e: DocumentError) -> &'static str {
    match e {
        DocumentError::Empty => "articles.file_empty",
        DocumentError::TooLarge => "articles.file_too_large",
        DocumentError::UnsupportedType => "articles.file_type",
    }
}

crate::has_csrf!(ArticleForm);
