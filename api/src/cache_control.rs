//! Answers holding personal data tell caches not to keep them.

use actix_web::HttpResponse;
use actix_web::http::header;

/// `Cache-Control: no-store`, for answers holding personal data.
pub const NO_STORE: (header::HeaderName, &str) = (header::CACHE_CONTROL, "no-store");

/// Marks a response as personal data that caches must not keep.
pub fn no_store(mut r: HttpResponse) -> HttpResponse {
    r.headers_mut()
        .insert(NO_STORE.0, header::HeaderValue::from_static(NO_STORE.1));
    r
}
