package dev.ragtune.architecture.cyclic.b;

import dev.ragtune.architecture.cyclic.a.Ping;

/** The other half of the deliberate package cycle. */
public class Pong {
    Ping ping;
}
