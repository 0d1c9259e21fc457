//! Integration tests of `ocop-domain`, in one binary: linking is the bottleneck on 2 cores.

mod scoring;
mod stamp;
