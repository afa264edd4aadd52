package dev.ragtune;
class Placeholder {}
