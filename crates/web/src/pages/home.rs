//! The village's home page.

use super::layout::PageCtx;
use askama::Template;
use askama_web::WebTemplate;

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct Home {
    p: PageCtx,
}

pub async fn show(p: PageCtx) -> Home {
    Home { p: p.with_title("home.title") }
}
