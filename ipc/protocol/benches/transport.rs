//! Transport benchmark: the protocol against plain alternatives, over real local
//! sockets, in one run, with ratios.
//!
//! * A 1920x1080 RGBA8 frame each way (encode, send, receive, decode), against a
//!   bare copy of the same bytes through the same kind of socket.
//! * A 10,000-object scene graph encoded, sent and decoded, against JSON over the
//!   same socket (what most Blender add-ons do).
//!
//! Run with `cargo bench -p oneshot-ipc --bench transport`.

use std::borrow::Cow;
use std::io::{BufWriter, Read, Write};
use std::time::{Duration, Instant};

use glam::{Quat, Vec3};
use interprocess::local_socket::traits::ListenerExt as _;
use interprocess::local_socket::{ListenerOptions, Stream};
use oneshot_ipc::frame;
use oneshot_ipc::{Envelope, Image, Reply, Request, Response, socket};
use oneshot_model::{
    Aabb, CameraData, LightData, LightKind, RetroSettings, Role, SceneGraph, SceneObject,
    Transform, TransformSample,
};

const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;
const FRAME_RUNS: usize = 60;
const SCENE_OBJECTS: usize = 10_000;
const SCENE_RUNS: usize = 30;

/// What the peer thread does with each incoming message.
#[derive(Clone, Copy)]
enum Peer {
    /// Read `len` raw bytes, answer one byte.
    BareIn(usize),
    /// Read one byte, answer `len` raw bytes.
    BareOut(usize),
    /// Read and decode a request frame, answer one byte.
    FrameIn,
    /// Read and decode a request frame, answer with an image frame of that size.
    FrameOut,
    /// Read a length-prefixed JSON scene graph and parse it, answer one byte.
    JsonIn,
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("bench.sock");
    let listener = ListenerOptions::new()
        .name(socket::socket_name(&path).expect("a socket name"))
        .create_sync()
        .expect("a listener");

    let pixels: Vec<u8> = (0..WIDTH * HEIGHT * 4).map(|i| (i % 251) as u8).collect();
    let frame_mb = pixels.len() as f64 / 1e6;
    println!("{WIDTH}x{HEIGHT} RGBA8 frame ({frame_mb:.1} MB), median of {FRAME_RUNS} runs:");

    let bare_in = run(
        &listener,
        &path,
        Peer::BareIn(pixels.len()),
        FRAME_RUNS,
        |s| {
            s.write_all(&pixels).unwrap();
            ack(s);
        },
    );
    let bare_out = run(
        &listener,
        &path,
        Peer::BareOut(pixels.len()),
        FRAME_RUNS,
        |s| {
            let mut buf = vec![0u8; pixels.len()];
            s.write_all(&[1]).unwrap();
            s.read_exact(&mut buf).unwrap();
        },
    );
    let settings = RetroSettings::default();
    let mut answer_buf = Vec::new();
    let frame_in = run(&listener, &path, Peer::FrameIn, FRAME_RUNS, |s| {
        let request = Request::Retro {
            settings: settings.clone(),
            image: Image {
                width: WIDTH,
                height: HEIGHT,
                pixels: Cow::Borrowed(&pixels),
            },
        };
        send(s, &request);
        ack(s);
    });
    let frame_out = run(&listener, &path, Peer::FrameOut, FRAME_RUNS, |s| {
        send(s, &Request::Ping);
        let payload = frame::read_frame(s, &mut answer_buf).unwrap().unwrap();
        let reply: Envelope<Reply> = frame::decode(payload).unwrap();
        let Reply::Ok(Response::Image(image)) = reply.body else {
            panic!("not an image")
        };
        assert_eq!(image.pixels.len(), pixels.len());
    });
    let rate = |d: Duration| frame_mb / 1e3 / d.as_secs_f64();
    println!(
        "  bare socket copy   in {:7.2} ms {:6.2} GB/s   out {:7.2} ms {:6.2} GB/s",
        ms(bare_in),
        rate(bare_in),
        ms(bare_out),
        rate(bare_out)
    );
    println!(
        "  oneshot protocol   in {:7.2} ms {:6.2} GB/s   out {:7.2} ms {:6.2} GB/s",
        ms(frame_in),
        rate(frame_in),
        ms(frame_out),
        rate(frame_out)
    );
    println!(
        "  protocol / bare    in {:.2}x   out {:.2}x   (of the bare throughput)",
        bare_in.as_secs_f64() / frame_in.as_secs_f64(),
        bare_out.as_secs_f64() / frame_out.as_secs_f64()
    );

    let graph = scene_graph(SCENE_OBJECTS);
    let bincode_len = frame_len(&graph);
    let json_len = serde_json::to_vec(&graph).unwrap().len();
    println!(
        "{SCENE_OBJECTS}-object scene graph (bincode {:.1} MB, JSON {:.1} MB), encode + send + decode, median of {SCENE_RUNS} runs:",
        bincode_len as f64 / 1e6,
        json_len as f64 / 1e6
    );
    let scene_bincode = run(&listener, &path, Peer::FrameIn, SCENE_RUNS, |s| {
        send(s, &Request::SyncScene(graph.clone()));
        ack(s);
    });
    // The clone is part of both timings (the protocol request owns its graph).
    let scene_json = run(&listener, &path, Peer::JsonIn, SCENE_RUNS, |s| {
        let graph = graph.clone();
        let json = serde_json::to_vec(&graph).unwrap();
        s.write_all(&(json.len() as u32).to_le_bytes()).unwrap();
        s.write_all(&json).unwrap();
        ack(s);
    });
    println!("  oneshot protocol   {:7.2} ms", ms(scene_bincode));
    println!("  JSON over socket   {:7.2} ms", ms(scene_json));
    println!(
        "  JSON / protocol    {:.1}x",
        scene_json.as_secs_f64() / scene_bincode.as_secs_f64()
    );
}

/// Connects to the listener, runs `peer` on the accepted side and `client` on
/// ours `runs` times (after a warm-up); returns the median duration.
fn run(
    listener: &interprocess::local_socket::Listener,
    path: &std::path::Path,
    peer: Peer,
    runs: usize,
    mut client: impl FnMut(&mut Stream),
) -> Duration {
    let mut stream = socket::connect(path).unwrap();
    let accepted = listener.incoming().next().unwrap().unwrap();
    let server = std::thread::spawn(move || serve_peer(accepted, peer));
    let mut times: Vec<Duration> = (0..runs + 3)
        .map(|_| {
            let started = Instant::now();
            client(&mut stream);
            started.elapsed()
        })
        .skip(3)
        .collect();
    drop(stream);
    server.join().unwrap();
    times.sort();
    times[times.len() / 2]
}

fn serve_peer(stream: Stream, peer: Peer) {
    let mut writer = BufWriter::with_capacity(64 << 10, stream);
    let mut buf = Vec::new();
    let mut pixels = Vec::new();
    loop {
        match peer {
            Peer::BareIn(len) => {
                buf.resize(len, 0);
                if writer.get_mut().read_exact(&mut buf).is_err() {
                    return;
                }
                writer.write_all(&[1]).unwrap();
                writer.flush().unwrap();
            }
            Peer::BareOut(len) => {
                let mut byte = [0u8];
                if writer.get_mut().read_exact(&mut byte).is_err() {
                    return;
                }
                if pixels.len() != len {
                    pixels = vec![7u8; len];
                }
                writer.get_mut().write_all(&pixels).unwrap();
            }
            Peer::FrameIn | Peer::FrameOut => {
                let Some(payload) = frame::read_frame(writer.get_mut(), &mut buf).unwrap() else {
                    return;
                };
                let request: Envelope<Request> = frame::decode(payload).unwrap();
                if let Request::Retro { image, .. } = &request.body {
                    assert!(image.is_consistent());
                }
                if matches!(peer, Peer::FrameIn) {
                    writer.write_all(&[1]).unwrap();
                    writer.flush().unwrap();
                } else {
                    if pixels.is_empty() {
                        pixels = vec![7u8; (WIDTH * HEIGHT * 4) as usize];
                    }
                    let reply = Envelope {
                        id: request.id,
                        body: Reply::Ok(Response::Image(Image {
                            width: WIDTH,
                            height: HEIGHT,
                            pixels: Cow::Borrowed(&pixels),
                        })),
                    };
                    frame::write_frame(&mut writer, &reply).unwrap();
                }
            }
            Peer::JsonIn => {
                let mut prefix = [0u8; 4];
                if writer.get_mut().read_exact(&mut prefix).is_err() {
                    return;
                }
                buf.resize(u32::from_le_bytes(prefix) as usize, 0);
                writer.get_mut().read_exact(&mut buf).unwrap();
                let graph: SceneGraph = serde_json::from_slice(&buf).unwrap();
                assert_eq!(graph.objects.len(), SCENE_OBJECTS);
                writer.write_all(&[1]).unwrap();
                writer.flush().unwrap();
            }
        }
    }
}

fn send(stream: &mut Stream, request: &Request<'_>) {
    let mut writer = BufWriter::with_capacity(64 << 10, stream);
    frame::write_frame(
        &mut writer,
        &Envelope {
            id: 1,
            body: request,
        },
    )
    .unwrap();
}

fn ack(stream: &mut Stream) {
    let mut byte = [0u8];
    stream.read_exact(&mut byte).unwrap();
}

fn frame_len(graph: &SceneGraph) -> usize {
    let mut wire = Vec::new();
    frame::write_frame(&mut wire, &Request::SyncScene(graph.clone())).unwrap();
    wire.len()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A scene like a dressed set: mostly static props with roles, some animated
/// characters, a few cameras and lights.
fn scene_graph(objects: usize) -> SceneGraph {
    let roles = [
        None,
        Some(Role::Prop),
        Some(Role::Set),
        Some(Role::Obstacle),
    ];
    let transform = |i: usize| Transform {
        location: Vec3::new(i as f32 * 0.1, (i % 97) as f32, 0.5),
        rotation: Quat::from_rotation_z(i as f32 * 0.01),
        scale: Vec3::splat(1.0 + (i % 3) as f32),
    };
    SceneGraph {
        name: "Bench".to_owned(),
        frame_start: 1,
        frame_end: 240,
        fps: 24.0,
        objects: (0..objects)
            .map(|i| {
                let animated = i % 100 == 0;
                SceneObject {
                    name: format!("Object.{i:05}"),
                    role: if animated {
                        Some(Role::Character)
                    } else {
                        roles[i % roles.len()]
                    },
                    transform: transform(i),
                    bounds: Aabb {
                        min: Vec3::splat(-0.5),
                        max: Vec3::splat(0.5),
                    },
                    samples: if animated {
                        (1..=24)
                            .map(|frame| TransformSample {
                                frame,
                                transform: transform(i + frame as usize),
                            })
                            .collect()
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect(),
        cameras: (0..5)
            .map(|i| CameraData {
                name: format!("Camera.{i}"),
                transform: transform(i),
                lens_mm: 35.0,
                sensor_width_mm: 36.0,
                focus_distance: Some(3.0),
                ortho_scale: None,
            })
            .collect(),
        lights: (0..10)
            .map(|i| LightData {
                name: format!("Light.{i}"),
                kind: LightKind::Area,
                transform: transform(i),
                color: [1.0, 0.9, 0.8],
                energy: 500.0,
                size: 1.0,
            })
            .collect(),
        active_camera: Some("Camera.0".to_owned()),
    }
}
