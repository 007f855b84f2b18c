//! Running each story on both databases.

/// Runs each story once on SQLite and once on PostgreSQL with some settings changed.
#[macro_export]
macro_rules! on_both_databases_with {
    ($overrides:ident; $($story:ident),+ $(,)?) => {$(
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$story($crate::TestApp::sqlite_with(super::$overrides).await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::TestApp::postgres_with(super::$overrides).await {
                    super::$story(app).await;
                }
            }
        }
    )+};
}

/// Runs each story once on SQLite and once on PostgreSQL (when `ASKEL_TEST_POSTGRES_URL` is set).
#[macro_export]
macro_rules! on_both_databases {
    ($($story:ident),+ $(,)?) => {$(
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$story($crate::TestApp::sqlite().await).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::TestApp::postgres().await {
                    super::$story(app).await;
                }
            }
        }
    )+};
}
