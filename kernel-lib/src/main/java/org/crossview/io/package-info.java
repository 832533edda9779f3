/**
 * Ground layer beside geometry and volume (DESIGN.md §10): how outputs reach the disk, knowing nothing of
 * the method. {@link org.crossview.io.AtomicWrite} writes a file whole or not at all (mode 0644);
 * {@link org.crossview.io.Journal} keeps one line per finished unit of a long run so that a re-run resumes.
 */
package org.crossview.io;
