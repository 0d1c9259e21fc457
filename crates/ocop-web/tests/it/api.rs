//! Tests of the api routes.
