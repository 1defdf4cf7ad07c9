"""Drives StyleSync's Open Inference Protocol endpoints with NVIDIA's tritonclient[http], a client no one here wrote.

Prints one JSON report on stdout; TritonClientTest (inference-service) runs it against a live service and judges it.
Usage: tritonclient_check.py HOST:PORT MODEL OUTPUT BAD_FILE IMAGE...
"""

import base64
import json
import sys

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def infer(client, model, images, output, binary_in, binary_out, version=""):
    """One infer call; binary_out None leaves outputs unnamed (the client then asks for all of them in binary)."""
    tensor = httpclient.InferInput("image", [len(images)], "BYTES")
    if binary_in:
        tensor.set_data_from_numpy(np.array(images, dtype=np.object_), binary_data=True)
    else:
        encoded = [base64.b64encode(b).decode("ascii") for b in images]
        tensor.set_data_from_numpy(np.array(encoded, dtype=np.object_), binary_data=False)
    outputs = None
    if binary_out is not None:
        outputs = [
            httpclient.InferRequestedOutput(output, binary_data=binary_out),
            httpclient.InferRequestedOutput(output + "_label", binary_data=binary_out),
        ]
    result = client.infer(model, [tensor], model_version=version, outputs=outputs, request_id="tritonclient")
    header = result.get_response()
    binary = sorted(
        o["name"] for o in header["outputs"] if "binary_data_size" in (o.get("parameters") or {})
    )
    return {
        "id": header.get("id"),
        "model_version": header.get("model_version"),
        "outputs": sorted(o["name"] for o in header["outputs"]),
        "binary_outputs": binary,
        "probabilities": result.as_numpy(output).tolist(),
        # BYTES elements come back as bytes from binary data, as str from JSON data
        "labels": [v.decode("utf-8") if isinstance(v, bytes) else v for v in result.as_numpy(output + "_label").tolist()],
    }


def error_of(call):
    try:
        call()
    except InferenceServerException as e:
        return {"message": e.message(), "status": e.status()}
    return None


def main(url, model, output, bad_file, image_files):
    client = httpclient.InferenceServerClient(url=url)
    images = []
    for path in image_files:
        with open(path, "rb") as f:
            images.append(f.read())
    with open(bad_file, "rb") as f:
        bad = f.read()
    metadata = client.get_model_metadata(model)
    version = metadata["versions"][0]
    report = {
        "live": client.is_server_live(),
        "ready": client.is_server_ready(),
        "model_ready": client.is_model_ready(model),
        "metadata": {
            "name": metadata["name"],
            "versions": metadata["versions"],
            "inputs": [[i["name"], i["datatype"]] for i in metadata["inputs"]],
            "outputs": [o["name"] for o in metadata["outputs"]],
        },
        "json": infer(client, model, images, output, binary_in=False, binary_out=False),
        "binary_input": infer(client, model, images, output, binary_in=True, binary_out=False),
        "binary_output": infer(client, model, images, output, binary_in=False, binary_out=True),
        "binary_default": infer(client, model, images, output, binary_in=True, binary_out=None),
        "versioned": infer(client, model, images, output, binary_in=True, binary_out=True, version=version),
        "versioned_ready": client.is_model_ready(model, model_version=version),
        "wrong_version": error_of(lambda: infer(client, model, images, output, True, True, version=version + "9")),
        "bad_image": error_of(lambda: infer(client, model, [bad], output, binary_in=True, binary_out=False)),
        "bad_image_json": error_of(lambda: infer(client, model, [bad], output, binary_in=False, binary_out=False)),
        "unknown_model": error_of(lambda: client.get_model_metadata(model + "-no-such")),
    }
    client.close()
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
