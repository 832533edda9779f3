#!/usr/bin/python3
"""Independent DICOM writer for CrossView's import tests (pydicom, not the project's code).

usage: write_dicom.py SPEC.json   (the spec is written by the Java test; see DicomImportTest)

ct:   {"kind": "ct", "raw": float32 file (slices, rows, cols), "nx", "ny", "nz", "spacing": [3], "origin": [3],
       "layout": "axial" | "flipped", "shuffle": seed, "slope", "intercept", "out": dir, "drop": [tag keywords]}
       the source volume has the identity direction (LPS); "flipped" stores rows and columns reversed
       (ImageOrientationPatient -1,0,0,0,-1,0) and slices from head to feet.
oblique: {"kind": "oblique", ...ct fields without raw, "angle_deg"}: a smooth analytic field sampled on a grid
       turned about S then L, so no interpolation is involved on the writer's side.
xray: {"kind": "xray", "raw": float32 (rows, cols), "rows", "cols", "out": file, "photometric": "MONOCHROME1|2",
       "lao", "cranial", "sdd", "dsp", "spacing": [row, col], "orientation": ["L", "F"], "flip_cols": bool,
       "drop": [keywords], "compressed": bool, "bits": 16}
png:  {"kind": "png", "raw", "rows", "cols", "out": file.png, "header": {DICOM keyword: value}} (needs Pillow)
"""
import json
import random
import sys

import numpy as np
import pydicom
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
XA_STORAGE = "1.2.840.10008.5.1.4.1.1.12.1"
JPEG_LOSSLESS = "1.2.840.10008.1.2.4.70"


def dataset(path, sop_class, transfer_syntax=ExplicitVRLittleEndian):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = transfer_syntax
    meta.ImplementationClassUID = generate_uid()
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName = "Test^Import"
    ds.PatientID = "CV-TEST"
    ds.SamplesPerPixel = 1
    return ds


def put_pixels(ds, pixels, bits, signed):
    ds.BitsAllocated = 16
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.Rows, ds.Columns = pixels.shape
    ds.PixelData = pixels.astype("<i2" if signed else "<u2").tobytes()


def save(ds, path):
    ds.save_as(path, write_like_original=False)


def ct_slices(spec, volume, iop, positions):
    """volume: (slices, rows, cols) HU on the written grid; positions: LPS of each slice's first pixel."""
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    order = list(range(volume.shape[0]))
    random.Random(spec.get("shuffle", 0)).shuffle(order)
    slope, intercept = spec.get("slope", 1.0), spec.get("intercept", -1024.0)
    for n, k in enumerate(order):
        name = "%s/IM%04d.dcm" % (spec["out"], n)  # names unrelated to the slice position
        ds = dataset(name, CT_STORAGE)
        ds.Modality = "CT"
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.InstanceNumber = n + 1  # deliberately meaningless
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.ImageOrientationPatient = [float(x) for x in iop]
        ds.ImagePositionPatient = [float(x) for x in positions[k]]
        ds.PixelSpacing = [float(spec["spacing"][1]), float(spec["spacing"][0])]  # row spacing \ column spacing
        ds.SliceThickness = float(spec["spacing"][2])
        ds.RescaleSlope, ds.RescaleIntercept = slope, intercept
        stored = np.rint((volume[k] - intercept) / slope)
        put_pixels(ds, np.clip(stored, -32768, 32767), 16, True)
        for tag in spec.get("drop", []):
            if n == 0 and tag in ds:
                delattr(ds, tag)
        save(ds, name)


def write_ct(spec):
    nx, ny, nz = spec["nx"], spec["ny"], spec["nz"]
    vol = np.fromfile(spec["raw"], dtype="<f4").reshape(nz, ny, nx)
    sx, sy, sz = spec["spacing"]
    o = np.array(spec["origin"], dtype=float)
    if spec.get("layout", "axial") == "axial":
        iop = [1, 0, 0, 0, 1, 0]
        pos = [o + [0, 0, k * sz] for k in range(nz)]
        ct_slices(spec, vol, iop, pos)
    else:  # rows and columns reversed, slices stored head first
        iop = [-1, 0, 0, 0, -1, 0]
        flipped = vol[::-1, ::-1, ::-1]
        pos = [o + [(nx - 1) * sx, (ny - 1) * sy, (nz - 1 - k) * sz] for k in range(nz)]
        ct_slices(spec, flipped, iop, pos)


def smooth_field(p):
    """HU at LPS points p (..., 3): blobs of a few cm, smooth at the voxel scale."""
    c = np.array(spec_centre)
    d = p - c
    return (-800 + 900 * np.exp(-np.sum(d * d, -1) / (2 * 40.0 ** 2))
            + 300 * np.sin(d[..., 0] / 25.0) * np.cos(d[..., 1] / 30.0) + 2.0 * d[..., 2])


def write_oblique(spec):
    global spec_centre
    nx, ny, nz = spec["nx"], spec["ny"], spec["nz"]
    sx, sy, sz = spec["spacing"]
    spec_centre = spec["centre"]
    a = np.radians(spec["angle_deg"])
    rz = np.array([[np.cos(a), -np.sin(a), 0], [np.sin(a), np.cos(a), 0], [0, 0, 1]])
    b = np.radians(spec["angle_deg"] / 2)
    rx = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    r = rx @ rz  # columns: row direction, column direction, slice normal
    o = np.array(spec["centre"]) - r @ (np.array([(nx - 1) * sx, (ny - 1) * sy, (nz - 1) * sz]) / 2)
    i, j = np.meshgrid(np.arange(nx), np.arange(ny))
    vol, pos = [], []
    for k in range(nz):
        p0 = o + r[:, 2] * k * sz
        pts = p0 + np.outer(i.ravel() * sx, r[:, 0]) + np.outer(j.ravel() * sy, r[:, 1])
        vol.append(smooth_field(pts).reshape(ny, nx))
        pos.append(p0)
    ct_slices(spec, np.array(vol), list(r[:, 0]) + list(r[:, 1]), pos)


def write_xray(spec):
    img = np.fromfile(spec["raw"], dtype="<f4").reshape(spec["rows"], spec["cols"])
    if spec.get("flip_cols"):
        img = img[:, ::-1]
    bits = spec.get("bits", 16)
    top = 2 ** bits - 1
    stored = np.clip(np.rint(img), 0, top)
    if spec["photometric"] == "MONOCHROME1" or spec.get("sign") == -1:
        stored = top - stored  # MONOCHROME1: displayed the same (minimum white); sign −1: higher values = less intensity
    ts = JPEG_LOSSLESS if spec.get("compressed") else ExplicitVRLittleEndian
    ds = dataset(spec["out"], XA_STORAGE, ts)
    ds.Modality = "XA"
    ds.PhotometricInterpretation = spec["photometric"]
    ds.PositionerPrimaryAngle = spec["lao"]
    ds.PositionerSecondaryAngle = spec["cranial"]
    ds.DistanceSourceToDetector = spec["sdd"]
    ds.DistanceSourceToPatient = spec["dsp"]
    ds.ImagerPixelSpacing = [float(x) for x in spec["spacing"]]
    ds.PatientOrientation = spec.get("orientation", ["L", "F"])
    ds.PixelIntensityRelationship = spec.get("relationship", "LIN")
    if "sign" in spec:
        ds.PixelIntensityRelationshipSign = spec["sign"]
    put_pixels(ds, stored, bits, False)
    for tag in spec.get("drop", []):
        if tag in ds:
            delattr(ds, tag)
    if spec.get("compressed"):  # the header claims JPEG Lossless; the importer must refuse before decoding
        from pydicom.encaps import encapsulate
        ds.PixelData = encapsulate([ds.PixelData])
    save(ds, spec["out"])


def write_png(spec):
    """A 16-bit PNG (Pillow) and its geometry JSON by DICOM keyword: {"kind": "png", "raw", "rows", "cols", "out", "header": {...}}."""
    from PIL import Image
    img = np.fromfile(spec["raw"], dtype="<f4").reshape(spec["rows"], spec["cols"])
    Image.fromarray(np.clip(np.rint(img), 0, 65535).astype(np.uint16)).save(spec["out"])
    json.dump(spec["header"], open(spec["out"].rsplit(".", 1)[0] + ".json", "w"))


if __name__ == "__main__":
    for spec in json.load(open(sys.argv[1])):
        {"ct": write_ct, "oblique": write_oblique, "xray": write_xray, "png": write_png}[spec["kind"]](spec)
