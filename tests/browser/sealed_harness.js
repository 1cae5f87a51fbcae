// Test-only: loaded into a page by tests/browser/test_sealed_crypto.py (page.evaluate), never served.
// It lets Python drive static/js/sealed/*.js with hex strings and JSON, and keeps each simulated
// person's round secret here, in the browser, as the real page does.
async () => {
  const sealed = await import("/static/js/sealed/crypto.js");
  const noble = await import("/static/vendor/noble/noble-2.4.0.min.js");
  const { SealedWorker } = await import("/static/js/sealed/worker-client.js");
  const { linkWithSecret, takeFragmentSecret } = await import("/static/js/sealed/fragment.js");
  const { fromHex, toHex } = sealed;
  const Point = noble.ristretto255.Point;
  const secrets = {};

  const refused = async (work) => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof sealed.Rejected) return { rejected: error.message };
      throw error;
    }
  };
  const catalogueOf = (sides) => ({ version: sealed.catalogueVersion(sides), sides });

  window.harness = {
    // RFC 9496: multiples of the generator, invalid encodings, the element derivation (64 bytes in).
    rfc9496(badEncodings, uniformInputs) {
      return {
        multiples: Array.from({ length: 16 }, (_, k) =>
          toHex((k ? Point.BASE.multiply(BigInt(k)) : Point.ZERO).toBytes()),
        ),
        rejected: badEncodings.map((hex) => {
          try {
            Point.fromBytes(fromHex(hex));
            return false;
          } catch {
            return true;
          }
        }),
        derived: uniformInputs.map((hex) => toHex(noble.ristretto255_hasher.deriveToCurve(fromHex(hex)).toBytes())),
      };
    },

    // RFC 9497 OPRF(ristretto255, SHA-512), base mode, through our own hash-to-group and blinding.
    async oprf(inputHex, blindHex, keyHex) {
      const input = fromHex(inputHex);
      const blind = sealed.scalarFromBytes(fromHex(blindHex));
      const element = sealed.hashToGroup(input, "HashToGroup-OPRFV1-\u0000-ristretto255-SHA512");
      const blinded = sealed.blind(element, blind);
      const evaluated = sealed.blind(blinded, sealed.scalarFromBytes(fromHex(keyHex)));
      const unblinded = sealed.blind(evaluated, Point.Fn.inv(blind)).toBytes();
      const length = (n) => Uint8Array.of(n >> 8, n & 255);
      const transcript = sealed.concat(length(input.length), input, length(32), unblinded, sealed.utf8("Finalize"));
      const output = new Uint8Array(await crypto.subtle.digest("SHA-512", transcript));
      return { blinded: toHex(blinded.toBytes()), evaluated: toHex(evaluated.toBytes()), output: toHex(output) };
    },

    hashToGroup(messages, dst) {
      return messages.map((hex) => toHex(sealed.hashToGroup(fromHex(hex), dst).toBytes()));
    },

    tokens(pairingSecretHex, tokens, paddings, scalarHex) {
      const tokenKey = sealed.derive(fromHex(pairingSecretHex), "tok");
      const scalar = sealed.scalarFromBytes(fromHex(scalarHex));
      const points = [
        ...tokens.map(([cls, id]) => sealed.tokenPoint(tokenKey, cls, id)),
        ...paddings.map(([role, round, j]) => sealed.paddingPoint(tokenKey, role, round, j)),
      ];
      return {
        tokenKey: toHex(tokenKey),
        messageKey: toHex(sealed.derive(fromHex(pairingSecretHex), "msg")),
        points: points.map((point) => toHex(point.toBytes())),
        blinded: points.map((point) => toHex(sealed.blind(point, scalar).toBytes())),
      };
    },

    tokenClasses() {
      return Object.fromEntries(
        sealed.ROLES.flatMap((role) => sealed.SIDES.map((side) => [`${role} ${side}`, sealed.tokenClass(role, side)])),
      );
    },

    // One person's round, step by step; the secret stays in this page under the person's name.
    async lock(person, { pairingSecret, pairing, round, role, sides, yes, saturated }) {
      const { message, secret } = await sealed.makeLock({
        pairingSecret: fromHex(pairingSecret), pairing, round, role, catalogue: catalogueOf(sides), yes, saturated,
      });
      secrets[person] = secret;
      return { message: toHex(message), scalar: toHex(sealed.scalarToBytes(secret.scalar)) };
    },

    async reply(person, pairingSecret, partnerMessage) {
      return refused(async () => {
        const { reply, partnerSaturated, secret } = await sealed.makeReply({
          pairingSecret: fromHex(pairingSecret), secret: secrets[person], partnerMessage: fromHex(partnerMessage),
        });
        secrets[person] = secret;
        return { reply: toHex(reply), partnerSaturated };
      });
    },

    async finish(person, pairingSecret, partnerReply, sides) {
      return refused(async () => {
        const { bitmap, matches } = await sealed.finishRound({
          pairingSecret: fromHex(pairingSecret),
          secret: secrets[person],
          partnerReply: partnerReply === null ? null : fromHex(partnerReply),
          catalogue: catalogueOf(sides),
        });
        return { bitmap: toHex(bitmap), matches };
      });
    },

    // Another device: the round secret goes through its blob and comes back.
    async moveSecret(person) {
      const personKey = sealed.newSecret();
      const participant = crypto.randomUUID();
      const name = `round-secret:${secrets[person].pairing}`;
      const payload = sealed.encodeRoundSecret(secrets[person]);
      const data = await sealed.sealBlob({ personKey, participant, name, counter: 1, payload });
      const opened = await sealed.openBlob({ personKey, participant, name, data });
      secrets[person] = sealed.decodeRoundSecret(opened.payload);
      return data.length;
    },

    // A partner running modified code seals whatever it likes under K; the tests read messages the same way.
    async sealMessage(pairingSecret, context, plaintext) {
      return toHex(await sealed.sealMessage({ pairingSecret: fromHex(pairingSecret), ...context, plaintext: fromHex(plaintext) }));
    },

    async openMessage(pairingSecret, context, n, message) {
      return toHex(await sealed.openMessage({ pairingSecret: fromHex(pairingSecret), ...context, n, message: fromHex(message) }));
    },

    saturation(yes, sides) {
      return sealed.saturation(yes, sides);
    },

    catalogueVersion(sides) {
      return sealed.catalogueVersion(sides);
    },

    async checkCatalogue(version, sides) {
      return refused(async () => sealed.checkCatalogue({ version, sides }));
    },

    async blobs(answersOfPeople, sections, results, keyringSize) {
      const sealedAnswers = [];
      for (const answers of answersOfPeople) {
        const personKey = sealed.newSecret();
        const participant = crypto.randomUUID();
        const data = await sealed.sealBlob({
          personKey, participant, name: "answers", counter: 7, payload: sealed.encodeAnswers(answers),
        });
        const opened = await sealed.openBlob({ personKey, participant, name: "answers", data, lastCounter: 7 });
        sealedAnswers.push({
          size: data.length,
          roundTrip: sealed.decodeAnswers(opened.payload),
          rolledBack: await refused(() =>
            sealed.openBlob({ personKey, participant, name: "answers", data, lastCounter: 8 }),
          ),
          otherName: await refused(() => sealed.openBlob({ personKey, participant, name: "sections", data })),
          otherPerson: await refused(() =>
            sealed.openBlob({ personKey, participant: crypto.randomUUID(), name: "answers", data }),
          ),
        });
      }
      const keyring = {};
      for (let i = 0; i < keyringSize; i++) keyring[crypto.randomUUID()] = sealed.newSecret();
      const decodedKeyring = sealed.decodeKeyring(sealed.encodeKeyring(keyring));
      return {
        answers: sealedAnswers,
        sections: sealed.decodeSections(sealed.encodeSections(sections)),
        results: sealed.decodeResults(sealed.encodeResults(results)),
        keyring: Object.keys(keyring).every((id) => toHex(keyring[id]) === toHex(decodedKeyring[id])),
        sizes: Object.fromEntries(Object.keys(sealed.BLOB_PAYLOAD).map((name) => [name, sealed.blobSize(name)])),
      };
    },

    async tamperedBlob(change) {
      const personKey = sealed.newSecret();
      const participant = crypto.randomUUID();
      const data = await sealed.sealBlob({ personKey, participant, name: "keyring", counter: 1, payload: new Uint8Array(2) });
      data[(change + data.length) % data.length] ^= 1;
      return refused(() => sealed.openBlob({ personKey, participant, name: "keyring", data }));
    },

    // The worker, started the way a page starts it, under the site's CSP.
    async lockInWorker({ pairingSecret, pairing, round, role, sides, yes }) {
      const worker = new SealedWorker(new URL("/static/js/sealed/worker.js", location.href));
      const progress = [];
      try {
        const { message } = await worker.run(
          "lock",
          { pairingSecret: fromHex(pairingSecret), pairing, round, role, catalogue: catalogueOf(sides), yes, saturated: false },
          (done, total) => progress.push([done, total]),
        );
        const refusal = await worker.run("finish", { pairingSecret: fromHex(pairingSecret), secret: {}, catalogue: catalogueOf(sides) })
          .then(() => null, (error) => `${error.name}: ${error.message}`);
        return { size: message.length, progress, refusal };
      } finally {
        worker.terminate();
      }
    },

    takeFragment(name, secretHex) {
      const link = linkWithSecret(location.href, name, fromHex(secretHex));
      location.hash = new URL(link).hash;
      const secret = takeFragmentSecret(name);
      return { link, secret: secret && toHex(secret), href: location.href };
    },
  };
};
