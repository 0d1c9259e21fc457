//! Tests of the admin routes.
