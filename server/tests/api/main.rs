//! The server's integration tests, in one binary: each test starts a real server on a free port with its own SQLite file and talks to it over HTTP.

mod common;

mod accounts;
mod attachments;
mod audit;
mod backup;
mod board;
mod committee;
mod crash;
mod devices;
mod erasure;
mod feedback;
mod group;
mod health;
mod hygiene;
mod identity;
mod instances;
mod merge;
mod moves;
mod notifications;
mod office;
mod personal;
mod powercut;
mod proxy;
mod reads;
mod reception_tools;
mod request;
mod retention;
mod service;
mod serving;
mod session;
mod sync;
mod workflow;
