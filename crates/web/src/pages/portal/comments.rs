//! Comments under an article: the form (Nama, No. HP, E-mail, Isi Pesan and Aduan's own
//! CAPTCHA), its checks, and the CAPTCHA picture. A comment waits for the `redaksi`; the phone
//! and email are for the village only and never shown.

use super::super::layout::PageCtx;
use super::super::portal::articles::{self, ArticlePage};
use super::super::portal::comment_form::{CommentForm, CommentSection};
use crate::AppState;
use crate::captcha::CaptchaError;
use crate::client::ClientIp;
use crate::csrf_form::CsrfForm;
use crate::error::PageError;
use crate::visits::VisitorWidget;
use aduan_domain::portal::comments::CommentInput;
use aduan_store::portal::comments::CommentError;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use time::OffsetDateTime;

impl ArticlePage {
    pub(in crate::pages) fn comment_when(&self, t: &OffsetDateTime) -> String {
        self.p.datetime(t)
    }
}

fn captcha_message(e: CaptchaError) -> &'static str {
    match e {
        CaptchaError::Invalid | CaptchaError::Expired => "comments.captcha_expired",
        CaptchaError::Wrong => "comments.captcha_wrong",
    }
}

/// `POST /artikel/{slug}/komentar`.
pub async fn submit(
    State(state): State<AppState>,
    p: PageCtx,
    ClientIp(ip): ClientIp,
    visitors: VisitorWidget,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<CommentForm>,
) -> Result<Response, PageError> {
    let a = articles::find(&state, &p, &slug).await?;
    let now = p.now;
    let input =
        CommentInput { name: f.name.clone(), phone: f.phone.clone(), email: f.email.clone(), body: f.body.clone() };
    let mut section = CommentSection::new(&state, f.csrf.clone());
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    let draft = input.validate().map_err(|errors| {
        for (field, code) in errors {
            section.errors.insert(field, p.t(&format!("comments.{code}")));
        }
    });
    // A challenge is spent as soon as it is answered, rightly or not: one guess per picture.
    let captcha = match state.captchas.expiry(&f.tantangan, now) {
        Ok(expires) => match state.store.spend_captcha(f.tantangan.trim(), expires).await {
            Ok(true) => state.captchas.answers(&f.tantangan, &f.kode).map_err(captcha_message),
            Ok(false) => Err("comments.captcha_used"),
            Err(e) => return Err(PageError::store(p, e)),
        },
        Err(e) => Err(captcha_message(e)),
    };
    if let Err(key) = captcha {
        section.errors.insert("kode", p.t(key));
    }
    if let (Ok(draft), Ok(())) = (&draft, &captcha) {
        let client = state.store.client_hash(now, &ip.map(|i| i.to_string()).unwrap_or_default());
        match state.store.submit_comment(p.village.id, a.head.id, draft, &client).await {
            Ok(_) => {
                let to = format!("/artikel/{}?komentar=terkirim#komentar", a.head.slug);
                return Ok(Redirect::to(&to).into_response());
            }
            Err(CommentError::Duplicate) => {
                status = StatusCode::CONFLICT;
                section.general.push(p.t("comments.duplicate"));
            }
            Err(CommentError::TooMany) => {
                status = StatusCode::TOO_MANY_REQUESTS;
                section.general.push(p.t("comments.too_many"));
            }
            Err(CommentError::Store(e)) => return Err(PageError::store(p, e)),
        }
    }
    section.form = CommentForm { csrf: String::new(), tantangan: String::new(), kode: String::new(), ..f };
    let page = articles::page(&state, p, a, visitors, section).await?;
    Ok((status, page).into_response())
}

/// `GET /captcha/{token}`: the challenge's picture, never cached.
pub async fn picture(State(state): State<AppState>, p: PageCtx, Path(token): Path<String>) -> Response {
    let token = token.trim_end_matches(".png");
    match state.captchas.picture(token) {
        Some(png) => ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "no-store")], png).into_response(),
        None => PageError::not_found(p).into_response(),
    }
}
